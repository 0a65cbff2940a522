#pragma once
// What every service prunes on a timer: idempotency keys past their 24 hours
// (K1) and records of applied events older than a week (K3).

#include <memory>

#include "keyway/core/periodic.h"
#include "keyway/pg/pool.h"

namespace keyway::service {

std::unique_ptr<core::PeriodicTask> StartHousekeeping(pg::Pool& pool,
                                                      absl::Duration every = absl::Hours(1));

}  // namespace keyway::service
