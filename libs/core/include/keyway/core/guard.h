#pragma once
// Runs work on a thread of Keyway's own (a worker, a timer) so that what it
// throws is logged once and ends that piece of work, not the process.

#include <exception>

#include "absl/strings/string_view.h"
#include "keyway/core/log.h"

namespace keyway::core {

template <typename Fn>
void RunLoggingExceptions(absl::string_view what, Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    Log(Severity::kError, what).With("detail", e.what());
  } catch (...) {
    Log(Severity::kError, what);
  }
}

}  // namespace keyway::core
