#pragma once
// CSV as RFC 4180 writes it, for exports people open in a spreadsheet.

#include <string>
#include <vector>

namespace keyway::core {

// One field: quoted (quotes doubled) when it holds a comma, a quote or a line
// break; a field a spreadsheet would read as a formula gets a leading quote
// mark inside the field, so an exported log cannot run anything when opened.
std::string CsvField(const std::string& value);
// One record with its CRLF.
std::string CsvRecord(const std::vector<std::string>& fields);

}  // namespace keyway::core
