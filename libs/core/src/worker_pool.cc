#include "keyway/core/worker_pool.h"

#include <algorithm>

#include "keyway/core/guard.h"

namespace keyway::core {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  {
    absl::MutexLock l(&mu_);
    stopping_ = true;
  }
  for (auto& t : threads_) t.join();
}

void WorkerPool::Post(std::function<void()> task) {
  absl::MutexLock l(&mu_);
  tasks_.push_back(std::move(task));
}

size_t WorkerPool::queued() const {
  absl::MutexLock l(&mu_);
  return tasks_.size();
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock l(&mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || !tasks_.empty(); };
      mu_.Await(absl::Condition(&ready));
      // Stopping ends a thread only once nothing is left: a task may still
      // post another (a stream's last step posts its clean-up).
      if (tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    // A task's exception ends that task, not the process; its owner is
    // expected to have caught what it can answer.
    RunLoggingExceptions("exception escaped a worker task", task);
  }
}

}  // namespace keyway::core
