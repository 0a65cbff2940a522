#include "doorbell.h"

#include "keyway/core/log.h"

namespace keyway::gateway {

std::string DoorbellStream(const std::string& prefix, const std::string& replica) {
  return prefix + "doorbell:" + replica;
}

absl::Status RingDoorbell(redis::Client& redis, const std::string& prefix,
                          const std::string& replica, const std::string& lock_id) {
  // Rings are only worth anything for seconds: the stream is trimmed, and
  // forgotten an hour after a replica went away.
  const std::string stream = DoorbellStream(prefix, replica);
  auto added = redis.Command({"XADD", stream, "MAXLEN", "~", "1000", "*", "lock", lock_id});
  if (!added.ok()) return added.status();
  return redis.Command({"EXPIRE", stream, "3600"}).status();
}

DoorbellListener::DoorbellListener(std::string redis_host, int redis_port, std::string stream,
                                   std::function<void(const std::string&)> on_ring)
    : redis_(std::move(redis_host), redis_port),
      stream_(std::move(stream)),
      on_ring_(std::move(on_ring)) {
  thread_ = std::thread([this] { Run(); });
}

DoorbellListener::~DoorbellListener() { Stop(); }

void DoorbellListener::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void DoorbellListener::Run() {
  // Only rings from now on: what was pending before is fetched when each
  // session opens, and by the periodic sweep.
  std::string last;
  bool warned = false;
  while (!stop_.HasBeenNotified()) {
    if (last.empty()) {  // where the stream ends now, so that no ring between reads is missed
      auto end = redis_.Command({"XREVRANGE", stream_, "+", "-", "COUNT", "1"});
      if (end.ok()) {
        last = end->elements.empty() || end->elements[0].elements.empty()
                   ? "0-0"
                   : end->elements[0].elements[0].str;
      }
    }
    auto r = last.empty() ? absl::StatusOr<redis::Reply>(absl::UnavailableError("not connected"))
                          : redis_.Command({"XREAD", "COUNT", "500", "BLOCK", "1000", "STREAMS",
                                            stream_, last});
    if (!r.ok()) {
      if (!warned) {
        core::Log(core::Severity::kWarning, "doorbell cannot read Redis; the sweep delivers meanwhile")
            .With("error", std::string(r.status().message()));
        warned = true;
      }
      stop_.WaitForNotificationWithTimeout(absl::Seconds(1));
      continue;
    }
    warned = false;
    if (r->type != redis::Reply::Type::kArray) continue;  // timed out: nothing rang
    for (const auto& stream : r->elements) {
      if (stream.elements.size() < 2) continue;
      for (const auto& entry : stream.elements[1].elements) {
        if (entry.elements.size() < 2) continue;
        last = entry.elements[0].str;
        const auto& fields = entry.elements[1].elements;
        for (size_t i = 0; i + 1 < fields.size(); i += 2) {
          if (fields[i].str == "lock") on_ring_(fields[i + 1].str);
        }
      }
    }
  }
}

}  // namespace keyway::gateway
