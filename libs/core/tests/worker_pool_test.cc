#include "keyway/core/worker_pool.h"

#include <atomic>

#include <catch2/catch.hpp>

#include "absl/synchronization/notification.h"

using keyway::core::WorkerPool;

TEST_CASE("a worker pool runs tasks on several threads at once") {
  WorkerPool pool(2);
  absl::Notification first_running, second_ran;
  // The first task waits for the second: with one thread this would never end.
  pool.Post([&] {
    first_running.Notify();
    CHECK(second_ran.WaitForNotificationWithTimeout(absl::Seconds(10)));
  });
  first_running.WaitForNotification();
  pool.Post([&] { second_ran.Notify(); });
  CHECK(second_ran.WaitForNotificationWithTimeout(absl::Seconds(10)));
}

TEST_CASE("a worker pool that stops runs what was posted, and what those tasks post") {
  std::atomic<int> ran = 0;
  {
    WorkerPool pool(1);
    for (int i = 0; i < 100; ++i) {
      pool.Post([&] {
        ++ran;
        if (ran == 100) pool.Post([&] { ++ran; });
      });
    }
  }
  CHECK(ran == 101);
}
