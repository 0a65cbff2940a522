#include <catch2/catch.hpp>

#include <atomic>

#include "keyway/core/periodic.h"

TEST_CASE("a periodic task runs repeatedly until stopped, and not after") {
  std::atomic<int> runs = 0;
  keyway::core::PeriodicTask task(absl::Milliseconds(5), [&] { ++runs; });
  for (int i = 0; i < 400 && runs < 3; ++i) absl::SleepFor(absl::Milliseconds(5));
  task.Stop();
  int after_stop = runs;
  CHECK(after_stop >= 3);
  absl::SleepFor(absl::Milliseconds(30));
  CHECK(runs == after_stop);
}
