#pragma once
// A fixed-size pool of libpqxx connections. Connections are opened lazily and
// replaced when they break, so a database restart heals without a service restart.

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace keyway::pg {

class Pool;

// A connection borrowed from the pool; returned when the lease is destroyed.
class Lease {
 public:
  Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  pqxx::connection& operator*() { return *conn_; }
  pqxx::connection* operator->() { return conn_.get(); }

 private:
  friend class Pool;
  Lease(Pool* pool, std::unique_ptr<pqxx::connection> conn) : pool_(pool), conn_(std::move(conn)) {}
  Pool* pool_;
  std::unique_ptr<pqxx::connection> conn_;
};

class Pool {
 public:
  // `conninfo` is a libpq connection string; `size` the most connections at once.
  Pool(std::string conninfo, int size);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Waits up to `wait` for a free connection. UNAVAILABLE when the database
  // cannot be reached, DEADLINE_EXCEEDED when every connection stays busy.
  absl::StatusOr<Lease> Acquire(absl::Duration wait = absl::Seconds(5));

  const std::string& conninfo() const { return conninfo_; }

 private:
  friend class Lease;
  void Release(std::unique_ptr<pqxx::connection> conn);

  const std::string conninfo_;
  const int size_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace keyway::pg
