#include "validation.h"

#include "absl/strings/ascii.h"
#include "keyway/core/text.h"

namespace keyway::identity {

absl::StatusOr<std::string> NormalizeName(const std::string& name) {
  return core::NormalizeText(name, "name", kMaxNameLength);
}

absl::Status ValidateOrganisationId(const std::string& id) {
  if (id.empty()) return absl::InvalidArgumentError("organisation_id is required");
  if (id.size() > 64) return absl::InvalidArgumentError("organisation_id is longer than 64 characters");
  for (char c : id) {
    if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) {
      return absl::InvalidArgumentError(
          "organisation_id may contain only letters, digits, '-' and '_'");
    }
  }
  return absl::OkStatus();
}

}  // namespace keyway::identity
