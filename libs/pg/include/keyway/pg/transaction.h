#pragma once
// Runs a unit of work in one transaction, retrying it when PostgreSQL aborts
// it for a serialization failure or a deadlock, and turning database
// exceptions into absl::Status so that none crosses a library boundary.

#include <type_traits>
#include <utility>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "keyway/pg/pool.h"

namespace keyway::pg {

enum class Isolation { kReadCommitted, kSerializable };

struct TxOptions {
  Isolation isolation = Isolation::kReadCommitted;
  int max_attempts = 5;
};

namespace internal {
// What a caught database exception means, as a status; `retry` is set for the
// errors that the same work may succeed on if tried again.
absl::Status StatusFromException(const std::exception& e, bool* retry);
void BeginIsolation(pqxx::work& tx, Isolation isolation);
void BackoffBeforeRetry(int attempt);
}  // namespace internal

// `fn(pqxx::work&)` returns absl::Status or absl::StatusOr<T>. The transaction
// commits when it returns OK and rolls back otherwise. `fn` may run more than
// once, so it must not have effects outside the transaction.
template <typename Fn>
auto InTransaction(Pool& pool, Fn&& fn, TxOptions options = {})
    -> std::invoke_result_t<Fn&, pqxx::work&> {
  using Result = std::invoke_result_t<Fn&, pqxx::work&>;
  absl::Status last;
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    auto lease = pool.Acquire();
    if (!lease.ok()) return Result(lease.status());
    bool retry = false;
    try {
      pqxx::work tx(**lease);
      internal::BeginIsolation(tx, options.isolation);
      Result result = fn(tx);
      if (!result.ok()) return result;  // tx aborts on destruction
      tx.commit();
      return result;
    } catch (const std::exception& e) {
      last = internal::StatusFromException(e, &retry);
    }
    if (!retry) break;
    internal::BackoffBeforeRetry(attempt);
  }
  return Result(last);
}

}  // namespace keyway::pg
