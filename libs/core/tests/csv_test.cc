#include <catch2/catch.hpp>

#include "keyway/core/csv.h"

using keyway::core::CsvField;
using keyway::core::CsvRecord;

TEST_CASE("L5: CSV fields are quoted only when they must be") {
  CHECK(CsvField("unlock.custom_pin") == "unlock.custom_pin");
  CHECK(CsvField("") == "");
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("L5: a field a spreadsheet would take for a formula is defused") {
  CHECK(CsvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(CsvField("+1") == "'+1");
  CHECK(CsvField("-1") == "'-1");
  CHECK(CsvField("@SUM") == "'@SUM");
  CHECK(CsvField("\t=1+1") == "'\t=1+1");            // a tab first is read as a formula too
  CHECK(CsvField("\r=1+1") == "\"'\r=1+1\"");       // and a carriage return (quoted: a break)
  CHECK(CsvField("plain =1") == "plain =1");
}

TEST_CASE("L5: a record ends with CRLF") {
  CHECK(CsvRecord({"time", "event", "detail"}) == "time,event,detail\r\n");
  CHECK(CsvRecord({"a,b", "c"}) == "\"a,b\",c\r\n");
}
