#include "keyway/core/log.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace keyway::core {
namespace {

std::atomic<int> least_logged{static_cast<int>(Severity::kInfo)};

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "info";
}

}  // namespace

void SetLeastLogged(Severity least) { least_logged = static_cast<int>(least); }

void AppendJsonEscaped(std::string& out, absl::string_view text) {
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

Log::Log(Severity severity, absl::string_view message)
    : kept_(static_cast<int>(severity) >= least_logged) {
  if (!kept_) return;
  absl::StrAppend(&line_, "{\"ts\":\"",
                  absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
                  "\",\"level\":\"", SeverityName(severity), "\",\"msg\":\"");
  AppendJsonEscaped(line_, message);
  line_ += '"';
}

void Log::Key(absl::string_view key) {
  line_ += ",\"";
  AppendJsonEscaped(line_, key);
  line_ += "\":";
}

Log& Log::With(absl::string_view key, absl::string_view value) {
  if (!kept_) return *this;
  Key(key);
  line_ += '"';
  AppendJsonEscaped(line_, value);
  line_ += '"';
  return *this;
}

Log& Log::With(absl::string_view key, int64_t value) {
  if (!kept_) return *this;
  Key(key);
  absl::StrAppend(&line_, value);
  return *this;
}

Log& Log::With(absl::string_view key, double value) {
  if (!kept_) return *this;
  Key(key);
  absl::StrAppendFormat(&line_, "%.3f", value);
  return *this;
}

Log& Log::With(absl::string_view key, bool value) {
  if (!kept_) return *this;
  Key(key);
  line_ += value ? "true" : "false";
  return *this;
}

Log::~Log() {
  if (!kept_) return;
  line_ += "}\n";
  // One write(2) per line: atomic for pipes up to PIPE_BUF, and never split
  // by another thread's stdio buffering.
  ssize_t ignored = ::write(STDERR_FILENO, line_.data(), line_.size());
  (void)ignored;
}

}  // namespace keyway::core
