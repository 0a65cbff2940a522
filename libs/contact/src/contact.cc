#include "keyway/contact/contact.h"

#include <phonenumbers/phonenumberutil.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "keyway/core/text.h"

namespace keyway::contact {
namespace {

bool IsDomainLabelChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-'; }

bool IsLocalPartChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
}

}  // namespace

absl::StatusOr<std::string> NormalizeEmail(const std::string& email) {
  std::string e = absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
  if (e.empty()) return absl::InvalidArgumentError("email is required");
  if (e.size() > kMaxEmailLength) {
    return absl::InvalidArgumentError("email is longer than 254 characters");
  }
  auto at = e.find('@');
  auto invalid = absl::InvalidArgumentError(
      absl::StrCat("email '", core::IsCleanText(e) ? e : "(unprintable)",
                   "' is not a valid address such as name@example.com"));
  if (at == std::string::npos || at == 0 || at > 64 || e.find('@', at + 1) != std::string::npos) {
    return invalid;
  }
  std::string local = e.substr(0, at), domain = e.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) {
    return invalid;
  }
  for (char c : local) {
    if (!IsLocalPartChar(c)) return invalid;
  }
  if (domain.size() < 3 || domain.find('.') == std::string::npos) return invalid;
  size_t label_start = 0;
  for (size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      size_t len = i - label_start;
      if (len == 0 || len > 63 || domain[label_start] == '-' || domain[i - 1] == '-') return invalid;
      label_start = i + 1;
    } else if (!IsDomainLabelChar(domain[i])) {
      return invalid;
    }
  }
  return e;
}

absl::StatusOr<std::string> NormalizeMobile(const std::string& mobile) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  std::string m(absl::StripAsciiWhitespace(mobile));
  if (m.empty()) return std::string();
  if (m.size() > 32) return absl::InvalidArgumentError("mobile is longer than 32 characters");
  if (m.front() != '+') {
    return absl::InvalidArgumentError(
        "mobile must be in international form with its country code, such as +14155552671");
  }
  auto* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(m, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !util->IsValidNumber(number)) {
    return absl::InvalidArgumentError(
        absl::StrCat("mobile '", core::IsCleanText(m) ? m : "(unprintable)",
                     "' is not a valid phone number"));
  }
  auto type = util->GetNumberType(number);
  if (type != PhoneNumberUtil::MOBILE && type != PhoneNumberUtil::FIXED_LINE_OR_MOBILE) {
    return absl::InvalidArgumentError(
        absl::StrCat("mobile '", m, "' is not a mobile number: it cannot receive SMS"));
  }
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  // E.164 as libphonenumber writes it is not always its own normal form (a
  // Mexican mobile's old "1" after +52 goes at the second pass): format
  // until it is stable, so that one phone is stored one way (found by the
  // contact fuzz target).
  for (int pass = 0; pass < 3; ++pass) {
    PhoneNumber again;
    std::string next;
    if (util->Parse(e164, "ZZ", &again) != PhoneNumberUtil::NO_PARSING_ERROR) break;
    util->Format(again, PhoneNumberUtil::E164, &next);
    if (next == e164) break;
    e164 = next;
  }
  return e164;
}

}  // namespace keyway::contact
