#include "gazetteer.h"

#include <geonames.h>

#include <cmath>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace keyway::org {

absl::Status ValidateCoordinates(double latitude, double longitude) {
  if (!(latitude >= -90 && latitude <= 90)) {
    return absl::InvalidArgumentError(
        absl::StrCat("latitude ", latitude, " is out of range: it must be between -90 and 90"));
  }
  if (!(longitude >= -180 && longitude <= 180)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "longitude ", longitude, " is out of range: it must be between -180 and 180"));
  }
  return absl::OkStatus();
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

const Gazetteer& Gazetteer::Instance() {
  static const Gazetteer* gazetteer = new Gazetteer();
  return *gazetteer;
}

Gazetteer::Gazetteer() {
  int n = geonames_get_n_cities();
  places_.reserve(n);
  for (int i = 0; i < n; ++i) {
    GeonamesCity* city = geonames_get_city(i);
    if (city == nullptr) continue;
    Place p;
    p.id = std::to_string(i);
    p.name = geonames_city_get_name(city);
    const char* state = geonames_city_get_state(city);
    p.state = state ? state : "";
    const char* country = geonames_city_get_country(city);
    p.country = country ? country : "";
    p.latitude = geonames_city_get_latitude(city);
    p.longitude = geonames_city_get_longitude(city);
    p.time_zone = geonames_city_get_timezone(city);
    geonames_city_free(city);
    places_.push_back(std::move(p));
  }
  if (places_.empty()) throw std::runtime_error("the gazetteer (libgeonames) has no cities");
}

std::vector<Place> Gazetteer::Search(const std::string& query, int limit) const {
  guint length = 0;
  GError* error = nullptr;
  gint* indices = geonames_query_cities_sync(query.c_str(), GEONAMES_QUERY_DEFAULT, &length,
                                             nullptr, &error);
  std::vector<Place> out;
  if (error != nullptr) {
    g_error_free(error);
    return out;
  }
  for (guint i = 0; i < length && static_cast<int>(out.size()) < limit; ++i) {
    if (indices[i] >= 0 && static_cast<size_t>(indices[i]) < places_.size()) {
      out.push_back(places_[indices[i]]);
    }
  }
  g_free(indices);
  return out;
}

const Place& Gazetteer::Nearest(double latitude, double longitude) const {
  const Place* best = &places_.front();
  double best_km = DistanceKm(latitude, longitude, best->latitude, best->longitude);
  for (const auto& p : places_) {
    double km = DistanceKm(latitude, longitude, p.latitude, p.longitude);
    if (km < best_km) {
      best_km = km;
      best = &p;
    }
  }
  return *best;
}

absl::Status ValidateTimeZone(const std::string& zone) {
  absl::TimeZone tz;
  if (zone.empty() || !absl::LoadTimeZone(zone, &tz)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "time zone '", zone, "' is not an IANA time zone such as Europe/London"));
  }
  return absl::OkStatus();
}

}  // namespace keyway::org
