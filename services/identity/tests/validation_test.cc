#include <catch2/catch.hpp>

#include "keyway/core/text.h"
#include "validation.h"

using namespace keyway::identity;
namespace core = keyway::core;

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

TEST_CASE("names are trimmed and refused when empty, oversized or with control characters") {
  CHECK(*NormalizeName("  Zoë Okafor ") == "Zoë Okafor");
  CHECK(NormalizeName("   ").status().message() == "name is required");
  CHECK(NormalizeName(std::string(201, 'x')).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(NormalizeName("line\nbreak").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(NormalizeName("bad \xff utf8").status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("ids are checked before they reach the database") {
  CHECK(core::ValidateUuid("6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f", "user_id").ok());
  CHECK(core::ValidateUuid("6F1C1F5E-9D1B-4A51-8C1E-2B8F0C1D2E3F", "user_id").code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(core::ValidateUuid("1; DROP TABLE users", "user_id").message().find("user_id must be a UUID") == 0);
  CHECK(ValidateOrganisationId("org-1_A").ok());
  CHECK_FALSE(ValidateOrganisationId("").ok());
  CHECK_FALSE(ValidateOrganisationId("org/1").ok());
  CHECK_FALSE(ValidateOrganisationId(std::string(65, 'a')).ok());
}
