#pragma once
// Structured logs: one JSON object per line on stderr, written whole so that
// lines from concurrent threads never interleave. Never pass a secret (K4).
//
//   core::Log(core::Severity::kInfo, "rpc").With("method", m).With("ms", 3.2);

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace keyway::core {

enum class Severity { kInfo, kWarning, kError };

// Lines less severe than `least` are dropped: a fuzz target, making
// thousands of calls a second, keeps only errors. Everything is kept by default.
void SetLeastLogged(Severity least);

class Log {
 public:
  Log(Severity severity, absl::string_view message);
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;
  ~Log();  // emits the line

  Log& With(absl::string_view key, absl::string_view value);
  Log& With(absl::string_view key, const std::string& value) {
    return With(key, absl::string_view(value));
  }
  Log& With(absl::string_view key, const char* value) { return With(key, absl::string_view(value)); }
  Log& With(absl::string_view key, int64_t value);
  Log& With(absl::string_view key, int value) { return With(key, static_cast<int64_t>(value)); }
  Log& With(absl::string_view key, double value);
  Log& With(absl::string_view key, bool value);

 private:
  void Key(absl::string_view key);
  bool kept_;
  std::string line_;
};

// Appends `text` to `out` as the body of a JSON string (without quotes).
void AppendJsonEscaped(std::string& out, absl::string_view text);

}  // namespace keyway::core
