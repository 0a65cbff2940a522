#include "keyway/events/event.h"

#include "keyway/core/random.h"

std::span<const keyway::pg::Migration> keyway_events_migrations();

namespace keyway::events {

std::span<const pg::Migration> Migrations() { return keyway_events_migrations(); }

void Publish(pqxx::work& tx, const std::string& stream, Event event) {
  if (event.id.empty()) event.id = core::NewUuid();
  pqxx::binarystring payload(event.payload);
  tx.exec_params0(
      "INSERT INTO outbox_events (event_id, stream, type, organisation_id, payload) "
      "VALUES ($1, $2, $3, $4, $5)",
      event.id, stream, event.type, event.organisation_id, payload);
  tx.exec0(std::string("NOTIFY ") + kOutboxChannel);
}

int PruneProcessed(pqxx::work& tx, absl::Duration older_than) {
  return static_cast<int>(
      tx.exec_params0("DELETE FROM processed_events WHERE processed_at < now() - make_interval(secs => $1)",
                      absl::ToDoubleSeconds(older_than))
          .affected_rows());
}

}  // namespace keyway::events
