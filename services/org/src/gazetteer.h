#pragma once
// Places and time zones from Debian's offline gazetteer (libgeonames: the
// GeoNames cities with their coordinates and IANA zones). A property's zone
// is the zone of the gazetteer city nearest to it (P1).

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace keyway::org {

struct Place {
  std::string id;  // the gazetteer's index, stable within one release
  std::string name;
  std::string state;
  std::string country;
  double latitude = 0;
  double longitude = 0;
  std::string time_zone;
};

// INVALID_ARGUMENT unless -90 <= latitude <= 90 and -180 <= longitude <= 180.
absl::Status ValidateCoordinates(double latitude, double longitude);
// Great-circle distance in kilometres.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

class Gazetteer {
 public:
  // Loads the city table once (a few tens of thousands of places).
  static const Gazetteer& Instance();

  // Cities whose name matches `query`, most populous first.
  std::vector<Place> Search(const std::string& query, int limit) const;
  // The city nearest to the point; its zone is the point's zone.
  const Place& Nearest(double latitude, double longitude) const;
  size_t size() const { return places_.size(); }

 private:
  Gazetteer();
  std::vector<Place> places_;
};

// INVALID_ARGUMENT unless `zone` is an IANA zone the system knows.
absl::Status ValidateTimeZone(const std::string& zone);

}  // namespace keyway::org
