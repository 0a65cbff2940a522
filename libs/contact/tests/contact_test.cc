#include <catch2/catch.hpp>

#include "keyway/contact/contact.h"

using namespace keyway::contact;

TEST_CASE("emails are trimmed, lower-cased and checked") {
  CHECK(*NormalizeEmail("  Alice.Smith+keys@Example.COM ") == "alice.smith+keys@example.com");
  for (const char* bad : {"", "alice", "@example.com", "alice@", "alice@example", "a@b@c.com",
                          "al ice@example.com", "alice@exa_mple.com", ".alice@example.com",
                          "alice..smith@example.com", "alice@-example.com", "alice@example-.com"}) {
    INFO(bad);
    CHECK(NormalizeEmail(bad).status().code() == absl::StatusCode::kInvalidArgument);
  }
  CHECK(NormalizeEmail(std::string(250, 'a') + "@example.com").status().message() ==
        "email is longer than 254 characters");
}

TEST_CASE("mobiles must be valid international mobile numbers and become E.164") {
  CHECK(*NormalizeMobile("+1 415 555 2671") == "+14155552671");
  CHECK(*NormalizeMobile("+33 6 12 34 56 78") == "+33612345678");
  CHECK(*NormalizeMobile("") == "");
  CHECK(NormalizeMobile("07700 900123").status().message().find("international form") !=
        std::string::npos);
  CHECK(NormalizeMobile("+1234").status().code() == absl::StatusCode::kInvalidArgument);
  // A German landline cannot receive SMS.
  CHECK(NormalizeMobile("+4930123456").status().message().find("not a mobile number") !=
        std::string::npos);
  CHECK(NormalizeMobile(std::string(40, '1')).status().code() == absl::StatusCode::kInvalidArgument);
}


TEST_CASE("S1: a mobile's E.164 form is stable: normalising it again changes nothing") {
  // Found by the contact fuzz target: libphonenumber drops a Mexican mobile's
  // old "1" only at the second pass.
  auto first = keyway::contact::NormalizeMobile("+52114747070133");
  REQUIRE(first.ok());
  auto again = keyway::contact::NormalizeMobile(*first);
  REQUIRE(again.ok());
  CHECK(*again == *first);
}
