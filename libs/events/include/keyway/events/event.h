#pragma once
// Events between services (K3): written to the outbox table in the same
// transaction as the change, moved to a Redis stream by the Relay, applied
// by a Consumer at least once on the wire and exactly once in its database.

#include <span>
#include <string>

#include <google/protobuf/message_lite.h>
#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "keyway/pg/migrate.h"

namespace keyway::events {

struct Event {
  std::string id;                // UUID, unique per event: the deduplication key
  std::string type;              // the payload's full protobuf message name
  std::string organisation_id;   // empty for events of no organisation
  std::string payload;           // serialised protobuf message
  absl::Time created_at;
};

// The outbox and processed-events tables, component "events".
std::span<const pg::Migration> Migrations();

// Adds `event` (its id is generated when empty) to the outbox of `stream`;
// it is published if and only if `tx` commits.
void Publish(pqxx::work& tx, const std::string& stream, Event event);

// Publishes a protobuf message as an event.
inline void PublishMessage(pqxx::work& tx, const std::string& stream,
                           const std::string& organisation_id,
                           const google::protobuf::MessageLite& message) {
  Publish(tx, stream, Event{"", message.GetTypeName(), organisation_id,
                            message.SerializeAsString(), absl::Now()});
}

// Forgets which events were applied more than `older_than` ago (a
// redelivery comes within minutes; a week is generous). Returns how many.
int PruneProcessed(pqxx::work& tx, absl::Duration older_than = absl::Hours(24 * 7));

// The PostgreSQL notification channel that wakes relays.
inline constexpr char kOutboxChannel[] = "keyway_outbox";

}  // namespace keyway::events
