#include "keyway/redis/client.h"

#include <hiredis/hiredis.h>

#include "absl/strings/str_cat.h"

namespace keyway::redis {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

Reply Convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      out.type = Reply::Type::kNil;
  }
  return out;
}

// [id, [field, value, ...]] as returned in XREADGROUP and XAUTOCLAIM replies.
std::vector<StreamEntry> ParseEntries(const Reply& entries) {
  std::vector<StreamEntry> out;
  for (const auto& e : entries.elements) {
    if (e.elements.size() != 2) continue;  // an entry deleted while pending
    StreamEntry entry;
    entry.id = e.elements[0].str;
    const auto& kv = e.elements[1].elements;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) entry.fields.emplace_back(kv[i].str, kv[i + 1].str);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

const std::string* StreamEntry::Field(const std::string& name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

Client::Client(std::string host, int port, absl::Duration timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

Client::~Client() {
  absl::MutexLock lock(&mu_);
  Disconnect();
}

void Client::Disconnect() {
  if (ctx_ != nullptr) redisFree(ctx_);
  ctx_ = nullptr;
}

absl::Status Client::EnsureConnected() {
  if (ctx_ != nullptr) return absl::OkStatus();
  ctx_ = redisConnectWithTimeout(host_.c_str(), port_, AsTimeval(timeout_));
  if (ctx_ == nullptr || ctx_->err != 0) {
    Disconnect();
    return absl::UnavailableError(absl::StrCat("Redis at ", host_, ":", port_, " is unreachable"));
  }
  redisSetTimeout(ctx_, AsTimeval(timeout_));
  redisEnableKeepAlive(ctx_);
  return absl::OkStatus();
}

absl::StatusOr<Reply> Client::Command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  absl::MutexLock lock(&mu_);
  if (auto s = EnsureConnected(); !s.ok()) return s;
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
  if (reply == nullptr) {
    Disconnect();  // the connection is unusable after an I/O error
    return absl::UnavailableError(absl::StrCat("Redis at ", host_, ":", port_, " went away"));
  }
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> owned(reply, &freeReplyObject);
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::FailedPreconditionError(std::string(reply->str, reply->len));
  }
  return Convert(reply);
}

absl::StatusOr<std::string> Client::XAdd(
    const std::string& stream, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::string> args = {"XADD", stream, "*"};
  for (const auto& [k, v] : fields) {
    args.push_back(k);
    args.push_back(v);
  }
  auto reply = Command(args);
  if (!reply.ok()) return reply.status();
  return reply->str;
}

absl::Status Client::EnsureGroup(const std::string& stream, const std::string& group) {
  auto reply = Command({"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"});
  if (!reply.ok() && reply.status().message().find("BUSYGROUP") == absl::string_view::npos) {
    return reply.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StreamEntry>> Client::ReadGroup(const std::string& stream,
                                                           const std::string& group,
                                                           const std::string& consumer,
                                                           const std::string& id, int count,
                                                           absl::Duration block) {
  std::vector<std::string> args = {"XREADGROUP", "GROUP", group, consumer, "COUNT",
                                   std::to_string(count)};
  if (block > absl::ZeroDuration()) {  // BLOCK 0 would wait forever
    args.push_back("BLOCK");
    args.push_back(std::to_string(absl::ToInt64Milliseconds(block)));
  }
  args.insert(args.end(), {"STREAMS", stream, id});
  auto reply = Command(args);
  if (!reply.ok()) return reply.status();
  if (reply->type != Reply::Type::kArray || reply->elements.empty()) return std::vector<StreamEntry>{};
  const Reply& stream_reply = reply->elements[0];  // [stream, entries]
  if (stream_reply.elements.size() != 2) return std::vector<StreamEntry>{};
  return ParseEntries(stream_reply.elements[1]);
}

absl::StatusOr<std::vector<StreamEntry>> Client::AutoClaim(const std::string& stream,
                                                           const std::string& group,
                                                           const std::string& consumer,
                                                           absl::Duration min_idle, int count) {
  auto reply = Command({"XAUTOCLAIM", stream, group, consumer,
                        std::to_string(absl::ToInt64Milliseconds(min_idle)), "0-0", "COUNT",
                        std::to_string(count)});
  if (!reply.ok()) return reply.status();
  if (reply->type != Reply::Type::kArray || reply->elements.size() < 2) return std::vector<StreamEntry>{};
  return ParseEntries(reply->elements[1]);
}

absl::Status Client::Ack(const std::string& stream, const std::string& group,
                         const std::string& id) {
  return Command({"XACK", stream, group, id}).status();
}

absl::StatusOr<std::vector<StreamEntry>> Client::Range(const std::string& stream,
                                                       const std::string& start,
                                                       const std::string& end, int count) {
  auto reply = Command({"XRANGE", stream, start, end, "COUNT", std::to_string(count)});
  if (!reply.ok()) return reply.status();
  return ParseEntries(*reply);
}

absl::StatusOr<int> Client::Delete(const std::string& stream, const std::vector<std::string>& ids) {
  if (ids.empty()) return 0;
  std::vector<std::string> args = {"XDEL", stream};
  args.insert(args.end(), ids.begin(), ids.end());
  auto reply = Command(args);
  if (!reply.ok()) return reply.status();
  return static_cast<int>(reply->integer);
}

}  // namespace keyway::redis
