#include <catch2/catch.hpp>

#include "gazetteer.h"

using namespace keyway::org;

TEST_CASE("P1: the gazetteer finds cities with coordinates and their IANA zone") {
  auto places = Gazetteer::Instance().Search("London", 5);
  REQUIRE_FALSE(places.empty());
  CHECK(places[0].name == "London");
  CHECK(places[0].country == "United Kingdom");
  CHECK(places[0].time_zone == "Europe/London");
  CHECK(std::abs(places[0].latitude - 51.5) < 0.1);
  CHECK(Gazetteer::Instance().Search("zzzzqqqq", 5).empty());
}

TEST_CASE("P1: a location's zone is the nearest gazetteer city's") {
  CHECK(Gazetteer::Instance().Nearest(48.8566, 2.3522).time_zone == "Europe/Paris");
  CHECK(Gazetteer::Instance().Nearest(37.7749, -122.4194).time_zone == "America/Los_Angeles");
  CHECK(Gazetteer::Instance().Nearest(-33.8688, 151.2093).time_zone == "Australia/Sydney");
}

TEST_CASE("coordinates and zones are checked") {
  CHECK(ValidateCoordinates(51.5, -0.12).ok());
  CHECK(ValidateCoordinates(90.1, 0).code() == absl::StatusCode::kInvalidArgument);
  CHECK(ValidateCoordinates(0, -180.5).message().find("longitude") != std::string::npos);
  CHECK_FALSE(ValidateCoordinates(std::nan(""), 0).ok());
  CHECK(ValidateTimeZone("Europe/London").ok());
  CHECK(ValidateTimeZone("Mars/Olympus_Mons").code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::abs(DistanceKm(51.5074, -0.1278, 48.8566, 2.3522) - 344) < 5);  // London-Paris
}
