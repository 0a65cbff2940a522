#include "keyway/pg/transaction.h"

#include <chrono>
#include <thread>

#include "keyway/core/log.h"
#include "keyway/core/random.h"

namespace keyway::pg::internal {

absl::Status StatusFromException(const std::exception& e, bool* retry) {
  *retry = false;
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) {
    *retry = true;
    return absl::AbortedError("the change conflicted with another one; try again");
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    // The connection is gone; a fresh one from the pool may work.
    *retry = dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr;
    return absl::UnavailableError("the database is unreachable; try again shortly");
  }
  if (dynamic_cast<const pqxx::unique_violation*>(&e) != nullptr) {
    return absl::AlreadyExistsError("an object with the same unique value already exists");
  }
  // Anything else is a bug or an operational fault: log the detail here, once,
  // and give the caller nothing that could leak data (K4).
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    core::Log(core::Severity::kError, "database error")
        .With("sqlstate", sql->sqlstate())
        .With("detail", sql->what());
  } else {
    core::Log(core::Severity::kError, "database error").With("detail", e.what());
  }
  return absl::InternalError("internal database error");
}

void BeginIsolation(pqxx::work& tx, Isolation isolation) {
  if (isolation == Isolation::kSerializable) {
    tx.exec0("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  }
}

void BackoffBeforeRetry(int attempt) {
  // Jittered exponential backoff: 5, 10, 20, ... ms plus up to 5 ms at random.
  auto ms = (5 << (attempt - 1)) + static_cast<int>(keyway::core::RandomBelow(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace keyway::pg::internal
