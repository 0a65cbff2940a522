#include "keyway/service/housekeeping.h"

#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"

namespace keyway::service {

std::unique_ptr<core::PeriodicTask> StartHousekeeping(pg::Pool& pool, absl::Duration every) {
  return std::make_unique<core::PeriodicTask>(every, [&pool] {
    // A failure (the database is away) is retried at the next round.
    (void)pg::InTransaction(pool, [](pqxx::work& tx) {
      idempotency::Prune(tx);
      events::PruneProcessed(tx);
      return absl::OkStatus();
    });
  });
}

}  // namespace keyway::service
