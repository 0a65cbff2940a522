#include <catch2/catch.hpp>

#include "keyway/core/paging.h"

using namespace keyway::core;

TEST_CASE("page sizes default, cap and refuse negatives") {
  CHECK(*PageSize(0) == kDefaultPageSize);
  CHECK(*PageSize(7) == 7);
  CHECK(*PageSize(1'000'000) == kMaxPageSize);
  CHECK(PageSize(-1).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("a page token round-trips for its own query only") {
  std::string token = EncodePageToken({"alice", "42"}, "status=active;q=al");
  auto position = DecodePageToken(token, "status=active;q=al");
  REQUIRE(position.ok());
  CHECK(*position == std::vector<std::string>{"alice", "42"});
  CHECK(DecodePageToken(token, "status=invited;q=al").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(DecodePageToken("garbage!", "status=active;q=al").ok());
  CHECK_FALSE(DecodePageToken(std::string(2000, 'a'), "x").ok());
}

TEST_CASE("time-and-id page tokens round-trip to the microsecond and belong to their query") {
  using keyway::core::DecodeTimeAndIdToken;
  using keyway::core::EncodeTimeAndIdToken;
  const absl::Time t = absl::FromUnixMicros(1795000000123456);
  const std::string token = EncodeTimeAndIdToken({t, "row-7"}, "jobs|pending");
  auto back = DecodeTimeAndIdToken(token, "jobs|pending");
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  CHECK((*back)->first == t);
  CHECK((*back)->second == "row-7");
  auto first_page = DecodeTimeAndIdToken("", "jobs|pending");
  REQUIRE(first_page.ok());
  CHECK_FALSE(first_page->has_value());
  CHECK(DecodeTimeAndIdToken(token, "jobs|failed").status().code() ==
        absl::StatusCode::kInvalidArgument);
  const std::string not_a_time = keyway::core::EncodePageToken({"soon", "row-7"}, "jobs|pending");
  CHECK(DecodeTimeAndIdToken(not_a_time, "jobs|pending").status().code() ==
        absl::StatusCode::kInvalidArgument);
}
