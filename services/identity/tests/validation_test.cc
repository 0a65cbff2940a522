#include <catch2/catch.hpp>

#include "keyway/core/text.h"
#include "validation.h"

using namespace keyway::identity;
namespace core = keyway::core;

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
