#pragma once
// A task run on its own thread every `interval` until stopped: housekeeping
// such as pruning expired rows.

#include <functional>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "keyway/core/guard.h"

namespace keyway::core {

class PeriodicTask {
 public:
  PeriodicTask(absl::Duration interval, std::function<void()> task)
      : interval_(interval), task_(std::move(task)), thread_([this] { Run(); }) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Stop() {
    if (!stop_.HasBeenNotified()) stop_.Notify();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    while (!stop_.WaitForNotificationWithTimeout(interval_)) {
      // One failed round is logged and the next one runs: housekeeping must
      // not end the process.
      RunLoggingExceptions("exception escaped a periodic task", task_);
    }
  }

  const absl::Duration interval_;
  const std::function<void()> task_;
  absl::Notification stop_;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace keyway::core
