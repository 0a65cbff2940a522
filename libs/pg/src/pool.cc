#include "keyway/pg/pool.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace keyway::pg {

Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_));
}

// Every connection works in UTC, so timestamps read back the same everywhere.
Pool::Pool(std::string conninfo, int size)
    : conninfo_(std::move(conninfo) + " options='-c timezone=UTC'"), size_(size) {}

absl::StatusOr<Lease> Pool::Acquire(absl::Duration wait) {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < size_;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), wait)) {
      return absl::DeadlineExceededError(
          absl::StrCat("all ", size_, " database connections stayed busy"));
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // reserve the slot while connecting outside the lock
  }
  try {
    return Lease(this, std::make_unique<pqxx::connection>(conninfo_));
  } catch (const std::exception& e) {
    absl::MutexLock lock(&mu_);
    --open_;
    return absl::UnavailableError("the database is unreachable");
  }
}

void Pool::Release(std::unique_ptr<pqxx::connection> conn) {
  absl::MutexLock lock(&mu_);
  if (conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // broken: dropped, a fresh one is opened on demand
  }
}

}  // namespace keyway::pg
