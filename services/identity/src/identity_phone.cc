// Phone verification: a 6-digit code by SMS, 10 minutes, 5 attempts.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "identity.h"
#include "identity_internal.h"
#include "keyway/core/sealed_box.h"
#include "keyway/events/event.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/pg/transaction.h"
#include "secrets.h"
#include "user_proto.h"

namespace keyway::identity {

absl::StatusOr<v1::StartPhoneVerificationResponse> Identity::StartPhoneVerification(
    const Caller& caller) {
  const auth::Principal& p = caller.principal;
  return pg::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::StartPhoneVerificationResponse> {
        auto member = store::FindMember(tx, p.organisation_id, p.user_id);
        if (!member) return internal::UserNotFound(p.user_id);
        if (member->mobile.empty()) {
          return absl::FailedPreconditionError("add a mobile number to your profile first");
        }
        if (member->mobile_verified) {
          return absl::FailedPreconditionError("your mobile number is already verified");
        }
        const absl::Time now = clock_.Now();
        if (auto previous = store::FindPhoneVerification(tx, p.organisation_id, p.user_id)) {
          absl::Time allowed = previous->created_at + config_.phone_code_resend_after;
          if (now < allowed) {
            return absl::ResourceExhaustedError(absl::StrCat(
                "a code was sent moments ago: wait ",
                absl::ToInt64Seconds(allowed - now) + 1, " s before asking for another"));
          }
        }
        // S5: a daily cap per person as well as the spacing, counted under a
        // lock so that concurrent requests cannot pass it together.
        if (store::PhoneCodesSentSince(tx, p.user_id, now - absl::Hours(24)) >=
            config_.phone_codes_per_day) {
          return absl::ResourceExhaustedError(absl::StrCat(
              "at most ", config_.phone_codes_per_day,
              " codes a day are sent to one person: try again tomorrow"));
        }
        store::RecordPhoneCodeSent(tx, p.user_id, now);
        std::string code = NewPhoneCode();
        store::PhoneVerification v{
            member->mobile,
            {HashPhoneCode(config_.code_pepper, p.user_id, code), now + config_.phone_code_ttl, 0},
            now};
        store::UpsertPhoneVerification(tx, p.organisation_id, p.user_id, v);
        v1::PhoneVerificationRequested event;
        event.set_organisation_id(p.organisation_id);
        event.set_user_id(p.user_id);
        event.set_mobile(member->mobile);
        event.set_sealed_code(core::SealFor(config_.notify_public_key, code));  // K4
        *event.mutable_expire_time() = ToTimestamp(v.code.expires_at);
        events::PublishMessage(tx, config_.events_stream, p.organisation_id, event);
        v1::StartPhoneVerificationResponse resp;
        *resp.mutable_expire_time() = ToTimestamp(v.code.expires_at);
        return resp;
      });
}

absl::StatusOr<v1::User> Identity::VerifyPhone(const Caller& caller,
                                               const v1::VerifyPhoneRequest& req) {
  const std::string& code = req.code();
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      })) {
    return absl::InvalidArgumentError("code must be the 6 digits from the SMS");
  }
  const auth::Principal& p = caller.principal;
  // A wrong code is counted (committed) and still refused.
  auto result = pg::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<absl::StatusOr<v1::User>> {
        auto member = store::FindMember(tx, p.organisation_id, p.user_id);
        if (!member) return internal::UserNotFound(p.user_id);
        auto pending = store::FindPhoneVerification(tx, p.organisation_id, p.user_id);
        if (!pending) {
          return absl::FailedPreconditionError("there is no code to check: ask for a code first");
        }
        if (pending->mobile != member->mobile) {
          return absl::FailedPreconditionError(
              "your mobile number changed after the code was sent: ask for a new code");
        }
        const absl::Time now = clock_.Now();
        absl::Status check = CheckPhoneCode(pending->code,
                                            HashPhoneCode(config_.code_pepper, p.user_id, code),
                                            now, config_.phone_code_attempts);
        if (check.code() == absl::StatusCode::kInvalidArgument) {
          store::CountPhoneAttempt(tx, p.organisation_id, p.user_id);
          return absl::StatusOr<v1::User>(check);
        }
        if (!check.ok()) return check;
        member->mobile_verified = true;
        store::UpdateMember(tx, *member, now);
        store::DeletePhoneVerification(tx, p.organisation_id, p.user_id);
        v1::UserMobileVerified event;
        event.set_organisation_id(p.organisation_id);
        event.set_user_id(p.user_id);
        event.set_mobile(member->mobile);
        events::PublishMessage(tx, config_.events_stream, p.organisation_id, event);
        internal::AuditUserChange(tx, p.organisation_id, p.user_id, caller.peer,
                                  "user.mobile_verified", p.user_id);
        return absl::StatusOr<v1::User>(ToUserProto(*member));
      });
  if (!result.ok()) return result.status();
  return *result;
}

}  // namespace keyway::identity
