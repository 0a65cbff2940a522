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
