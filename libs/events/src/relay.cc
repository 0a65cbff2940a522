#include "keyway/events/relay.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "keyway/core/log.h"
#include "keyway/events/event.h"
#include "keyway/events/stream_trim.h"
#include "keyway/pg/transaction.h"

namespace keyway::events {
namespace {

class Wakeup final : public pqxx::notification_receiver {
 public:
  explicit Wakeup(pqxx::connection_base& conn) : pqxx::notification_receiver(conn, kOutboxChannel) {}
  void operator()(const std::string&, int) override {}
};

}  // namespace

Relay::Relay(pg::Pool& pool, redis::Client& redis, absl::Duration poll)
    : pool_(pool), redis_(redis), poll_(poll) {}

Relay::~Relay() { Stop(); }

void Relay::Start() { thread_ = std::thread([this] { Run(); }); }

void Relay::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (!thread_.joinable()) return;
  // Wake the thread from its wait for a notification.
  (void)pg::InTransaction(pool_, [](pqxx::work& tx) {
    tx.exec0(std::string("NOTIFY ") + kOutboxChannel);
    return absl::OkStatus();
  });
  thread_.join();
}

absl::StatusOr<int> Relay::PublishBatch(int batch) {
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<int> {
    // SKIP LOCKED: replicas' relays share the work instead of waiting on each other.
    auto rows = tx.exec_params(
        "SELECT id, event_id, stream, type, organisation_id, payload, "
        "       (extract(epoch FROM created_at) * 1000000)::bigint "
        "FROM outbox_events ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
        batch);
    int published = 0;
    for (const auto& row : rows) {
      pqxx::binarystring payload(row[5]);
      auto added = redis_.XAdd(row[2].as<std::string>(),
                               {{"event_id", row[1].as<std::string>()},
                                {"type", row[3].as<std::string>()},
                                {"org", row[4].as<std::string>()},
                                {"payload", payload.str()},
                                {"created_us", row[6].as<std::string>()}});
      if (!added.ok()) {
        if (published == 0) return added.status();
        break;  // commit what Redis already has; the rest waits
      }
      tx.exec_params0("DELETE FROM outbox_events WHERE id = $1", row[0].as<int64_t>());
      ++published;
      absl::MutexLock lock(&mu_);
      streams_.insert(row[2].as<std::string>());
    }
    return published;
  });
}

absl::StatusOr<int> Relay::TrimStreams(absl::Duration retention) {
  std::set<std::string> streams;
  {
    absl::MutexLock lock(&mu_);
    streams = streams_;
  }
  int trimmed = 0;
  for (const auto& stream : streams) {
    auto n = TrimConsumed(redis_, stream, retention, absl::Now());
    if (!n.ok()) return n.status();
    trimmed += *n;
  }
  return trimmed;
}

void Relay::Run() {
  std::unique_ptr<pqxx::connection> listen_conn;
  std::unique_ptr<Wakeup> wakeup;
  absl::Duration backoff = absl::Milliseconds(100);
  absl::Time next_trim = absl::Now() + trim_every_;
  while (!stop_.HasBeenNotified()) {
    if (absl::Now() >= next_trim) {
      next_trim = absl::Now() + trim_every_;
      if (auto t = TrimStreams(); !t.ok()) {
        core::Log(core::Severity::kWarning, "cannot trim the streams; trying again later")
            .With("error", std::string(t.status().message()));
      }
    }
    // Listen before looking: an event committed after the look below then
    // wakes the wait, and one committed before it is found by the look.
    try {
      if (listen_conn == nullptr) {
        listen_conn = std::make_unique<pqxx::connection>(pool_.conninfo());
        wakeup = std::make_unique<Wakeup>(*listen_conn);
        listen_conn->get_notifs();  // make sure LISTEN has gone out
      }
    } catch (const std::exception&) {
      wakeup.reset();
      listen_conn.reset();  // polling alone until the database is back
    }
    auto published = PublishBatch();
    if (!published.ok()) {
      core::Log(core::Severity::kWarning, "outbox relay cannot publish; retrying")
          .With("error", std::string(published.status().message()));
      stop_.WaitForNotificationWithTimeout(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(5));
      continue;
    }
    backoff = absl::Milliseconds(100);
    if (*published > 0) continue;  // there may be more
    if (listen_conn == nullptr) {
      stop_.WaitForNotificationWithTimeout(poll_);
      continue;
    }
    try {
      listen_conn->await_notification(0, static_cast<long>(absl::ToInt64Microseconds(poll_)));
    } catch (const std::exception&) {
      wakeup.reset();
      listen_conn.reset();
    }
  }
  wakeup.reset();
}

}  // namespace keyway::events
