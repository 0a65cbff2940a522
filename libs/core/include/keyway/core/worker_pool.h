#pragma once
// A fixed set of threads that run posted tasks, oldest first: for blocking
// work (the database, Redis, another service) that a gRPC reactor or a Redis
// listener must not do on its own thread.

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace keyway::core {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Runs every task posted until then, and those they post, then joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> task);
  // Tasks waiting for a thread, for metrics and tests.
  size_t queued() const;

 private:
  void Run();

  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace keyway::core
