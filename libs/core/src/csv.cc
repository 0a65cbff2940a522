#include "keyway/core/csv.h"

#include <string_view>

namespace keyway::core {

std::string CsvField(const std::string& value) {
  std::string v = value;
  // The leading characters that make a spreadsheet read a cell as a formula
  // (OWASP's CSV injection list: tab and carriage return too).
  if (!v.empty() && std::string_view("=+-@\t\r").find(v[0]) != std::string_view::npos) {
    v.insert(0, "'");
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += CsvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace keyway::core
