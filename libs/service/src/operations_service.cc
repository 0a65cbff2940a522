#include "keyway/service/operations_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "keyway/events/dead_letters.h"
#include "keyway/rpc/handler.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::service {

namespace v1 = ops::v1;

OperationsInternalService::OperationsInternalService(std::string redis_host, int redis_port)
    : redis_(std::move(redis_host), redis_port) {}

void OperationsInternalService::AddStream(const std::string& stream) {
  std::lock_guard<std::mutex> lock(mu_);
  if (std::find(streams_.begin(), streams_.end(), stream) == streams_.end()) {
    streams_.push_back(stream);
  }
}

std::vector<std::string> OperationsInternalService::Streams() {
  std::lock_guard<std::mutex> lock(mu_);
  return streams_;
}

absl::Status OperationsInternalService::CheckStream(const std::string& stream) {
  auto streams = Streams();
  if (std::find(streams.begin(), streams.end(), stream) != streams.end()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "stream '", stream.size() <= 200 ? stream : stream.substr(0, 200) + "...",
      "' is not one this service consumes: ",
      streams.empty() ? std::string("it consumes none") : absl::StrJoin(streams, ", ")));
}

grpc::Status OperationsInternalService::ListDeadLetters(grpc::ServerContext* ctx,
                                                const v1::ListDeadLettersRequest* req,
                                                v1::ListDeadLettersResponse* resp) {
  return rpc::Handle(ctx, [&]() -> absl::Status {
    if (req->page_size() < 0 || req->page_size() > 1000) {
      return absl::InvalidArgumentError("page_size must be between 0 (100) and 1000");
    }
    const int limit = req->page_size() == 0 ? 100 : req->page_size();
    std::vector<std::string> streams = Streams();
    if (!req->stream().empty()) {
      if (auto s = CheckStream(req->stream()); !s.ok()) return s;
      streams = {req->stream()};
    }
    for (const auto& stream : Streams()) resp->add_streams(stream);
    for (const auto& stream : streams) {
      auto dead = events::ListDeadLetters(redis_, stream, limit);
      if (!dead.ok()) return dead.status();
      for (const auto& d : *dead) {
        auto* out = resp->add_dead_letters();
        out->set_stream(stream);
        out->set_entry_id(d.entry_id);
        out->set_event_id(d.event_id);
        out->set_type(d.type);
        out->set_organisation_id(d.organisation_id);
        out->set_consumer_group(d.group);
        out->set_error(d.error);
        if (d.dead_at != absl::InfinitePast()) *out->mutable_dead_time() = rpc::ToTimestamp(d.dead_at);
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status OperationsInternalService::ReplayDeadLetters(grpc::ServerContext* ctx,
                                                  const v1::ReplayDeadLettersRequest* req,
                                                  v1::ReplayDeadLettersResponse* resp) {
  return rpc::Handle(ctx, [&]() -> absl::Status {
    if (auto s = CheckStream(req->stream()); !s.ok()) return s;
    if (req->entry_ids_size() > 1000) {
      return absl::InvalidArgumentError("at most 1000 entry_ids at once");
    }
    std::vector<std::string> ids;
    for (const auto& id : req->entry_ids()) {
      // A stream id: digits, one dash, digits ("1733150000000-0").
      const auto dash = id.find('-');
      const bool well_formed = !id.empty() && id.size() <= 41 && dash != std::string::npos &&
                               dash > 0 && dash + 1 < id.size() &&
                               std::all_of(id.begin(), id.end(), [](char c) {
                                 return (c >= '0' && c <= '9') || c == '-';
                               }) &&
                               id.find('-', dash + 1) == std::string::npos;
      if (!well_formed) {
        return absl::InvalidArgumentError(
            "entry_ids must be ids as ListDeadLetters gives them, such as 1733150000000-0");
      }
      ids.push_back(id);
    }
    auto replayed = events::ReplayDeadLetters(redis_, req->stream(), ids);
    if (!replayed.ok()) return replayed.status();
    resp->set_replayed_count(*replayed);
    return absl::OkStatus();
  });
}

}  // namespace keyway::service
