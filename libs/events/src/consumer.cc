#include "keyway/events/consumer.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "keyway/core/log.h"
#include "keyway/events/dead_letters.h"
#include "keyway/pg/transaction.h"

namespace keyway::events {

bool IsInfrastructureFailure(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kAborted ||
         status.code() == absl::StatusCode::kResourceExhausted;
}

Consumer::Consumer(pg::Pool& pool, redis::Client& redis, ConsumerOptions options, Handler handler)
    : pool_(pool), redis_(redis), options_(std::move(options)), handler_(std::move(handler)) {}

Consumer::~Consumer() { Stop(); }

void Consumer::Start() { thread_ = std::thread([this] { Run(); }); }

void Consumer::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

absl::Status Consumer::Process(const redis::StreamEntry& entry) {
  Event event;
  const std::string* id = entry.Field("event_id");
  const std::string* type = entry.Field("type");
  const std::string* payload = entry.Field("payload");
  bool well_formed = id != nullptr && type != nullptr && payload != nullptr;
  absl::Status status = absl::InvalidArgumentError("malformed stream entry");
  if (well_formed && !options_.types.empty() &&
      std::find(options_.types.begin(), options_.types.end(), *type) == options_.types.end()) {
    attempts_.erase(entry.id);
    return redis_.Ack(options_.stream, options_.group, entry.id);  // not for this service
  }
  if (well_formed) {
    event.id = *id;
    event.type = *type;
    event.payload = *payload;
    if (const auto* org = entry.Field("org")) event.organisation_id = *org;
    int64_t created_us = 0;
    if (const auto* c = entry.Field("created_us"); c && absl::SimpleAtoi(*c, &created_us)) {
      event.created_at = absl::FromUnixMicros(created_us);
    }
    status = pg::InTransaction(pool_, [&](pqxx::work& tx) {
      auto inserted = tx.exec_params(
          "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) "
          "ON CONFLICT DO NOTHING",
          options_.group, event.id);
      if (inserted.affected_rows() == 0) return absl::OkStatus();  // applied before
      return handler_(tx, event);
    });
  }
  if (status.ok()) {
    attempts_.erase(entry.id);
    return redis_.Ack(options_.stream, options_.group, entry.id);
  }
  // The database, Redis or another service being down, or a conflict, says
  // nothing about the event: it waits, however long, without using up tries
  // (a long outage would otherwise dead-letter every event in flight).
  if (well_formed && IsInfrastructureFailure(status)) return status;
  int tries = ++attempts_[entry.id];
  if (well_formed && tries < options_.max_attempts) return status;
  // Kept for a person to look at rather than retried forever or dropped.
  core::Log(core::Severity::kError, "event moved to the dead-letter stream")
      .With("stream", options_.stream)
      .With("entry", entry.id)
      .With("error", std::string(status.message()));
  // Who gave up, and why, travel with it (ListDeadLetters).
  auto fields = entry.fields;
  fields.emplace_back(kDeadGroupField, options_.group);
  fields.emplace_back(kDeadErrorField, std::string(status.message()).substr(0, 500));
  fields.emplace_back(kDeadAtField, std::to_string(absl::ToUnixMicros(absl::Now())));
  auto dead = redis_.XAdd(DeadLetterStream(options_.stream), fields);
  if (!dead.ok()) return dead.status();
  attempts_.erase(entry.id);
  return redis_.Ack(options_.stream, options_.group, entry.id);
}

absl::StatusOr<int> Consumer::ProcessAll(const std::vector<redis::StreamEntry>& entries) {
  int applied = 0;
  absl::Status first_error;
  for (const auto& entry : entries) {
    absl::Status s = Process(entry);
    if (s.ok()) {
      ++applied;
    } else {
      recover_next_ = true;  // its entry stays pending: tried again next round
      if (first_error.ok()) first_error = s;
    }
  }
  if (!first_error.ok() && applied == 0) return first_error;
  return applied;
}

absl::StatusOr<int> Consumer::PollOnce(absl::Duration block) {
  int total = 0;
  // Recovery (the group, this consumer's unacknowledged entries, entries
  // another replica left) at the start, after any failure, and every few
  // seconds; in between only new entries are read: a third of the Redis
  // round trips per event under load.
  const absl::Time now = absl::Now();
  if (recover_next_ || now >= next_recovery_) {
    recover_next_ = false;
    next_recovery_ = now + options_.recover_every;
    auto recovered = Recover();
    if (!recovered.ok()) {
      recover_next_ = true;
      return recovered.status();
    }
    total += *recovered;
  }
  auto fresh = redis_.ReadGroup(options_.stream, options_.group, options_.consumer, ">",
                                options_.batch, block);
  if (!fresh.ok()) {
    recover_next_ = true;  // NOGROUP after a Redis restart, say
    return fresh.status();
  }
  auto n = ProcessAll(*fresh);
  if (!n.ok()) return n.status();
  return total + *n;
}

absl::StatusOr<int> Consumer::Recover() {
  if (auto s = redis_.EnsureGroup(options_.stream, options_.group); !s.ok()) return s;
  auto pending = redis_.ReadGroup(options_.stream, options_.group, options_.consumer, "0",
                                  options_.batch, absl::ZeroDuration());
  if (!pending.ok()) return pending.status();
  auto n = ProcessAll(*pending);
  if (!n.ok()) return n.status();
  int total = *n;
  auto claimed = redis_.AutoClaim(options_.stream, options_.group, options_.consumer,
                                  options_.claim_after, options_.batch);
  if (!claimed.ok()) return claimed.status();
  n = ProcessAll(*claimed);
  if (!n.ok()) return n.status();
  return total + *n;
}

void Consumer::Run() {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stop_.HasBeenNotified()) {
    auto n = PollOnce(options_.block);
    if (n.ok()) {
      backoff = absl::Milliseconds(100);
      continue;
    }
    core::Log(core::Severity::kWarning, "event consumer cannot make progress; retrying")
        .With("stream", options_.stream)
        .With("error", std::string(n.status().message()));
    stop_.WaitForNotificationWithTimeout(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

}  // namespace keyway::events
