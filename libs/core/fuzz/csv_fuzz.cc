// Exported CSV holds what Bridges, apps and people wrote. Input: fields
// split at NUL bytes. The record, read back by an RFC 4180 reader written
// here, gives the same fields, each a formula defused, and no field a
// spreadsheet would evaluate.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "keyway/core/csv.h"

namespace {

// One RFC 4180 record ending in CRLF; false when it is not one.
bool ReadRecord(const std::string& text, std::vector<std::string>* fields) {
  fields->clear();
  size_t i = 0;
  for (;;) {
    std::string field;
    if (i < text.size() && text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) return false;
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n' &&
             text[i] != '"') {
        field += text[i++];
      }
    }
    fields->push_back(field);
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    return i + 2 == text.size() && text[i] == '\r' && text[i + 1] == '\n';
  }
}

bool LooksLikeFormula(const std::string& f) {
  return !f.empty() && std::string("=+-@\t\r").find(f[0]) != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> fields;
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      fields.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  fields.push_back(current);
  std::vector<std::string> read;
  if (!ReadRecord(keyway::core::CsvRecord(fields), &read)) std::abort();
  if (read.size() != fields.size()) std::abort();
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string expected = LooksLikeFormula(fields[i]) ? "'" + fields[i] : fields[i];
    if (read[i] != expected || LooksLikeFormula(read[i])) std::abort();
  }
  return 0;
}
