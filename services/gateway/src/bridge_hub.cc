#include "bridge_hub.h"

#include "device_messages.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/log.h"
#include "keyway/events/event.h"
#include "keyway/gateway/v1/gateway_events.pb.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/proto_time.h"
#include "keyway/rpc/status.h"

namespace keyway::gateway {
namespace {

namespace jv1 = keyway::jobs::v1;

void Warn(const char* what, const absl::Status& status, const std::string& bridge_id) {
  core::Log(core::Severity::kWarning, what)
      .With("bridge_id", bridge_id)
      .With("error", std::string(status.message()));
}

}  // namespace

BridgeHub::BridgeHub(pg::Pool& pool, Presence& presence, Gateway& gateway,
                     std::shared_ptr<grpc::Channel> org, std::shared_ptr<grpc::Channel> jobs,
                     const core::Clock& clock, BridgeHubOptions options)
    : pool_(pool),
      presence_(presence),
      gateway_(gateway),
      org_(org::v1::OrgInternalService::NewStub(std::move(org))),
      jobs_(jv1::JobsInternalService::NewStub(std::move(jobs))),
      clock_(clock),
      options_(std::move(options)) {}

absl::StatusOr<org::v1::AuthenticateBridgeResponse> BridgeHub::Authenticate(
    const std::string& credential) {
  org::v1::AuthenticateBridgeRequest req;
  req.set_bridge_credential(credential);
  org::v1::AuthenticateBridgeResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), options_.service_credential);
  grpc::Status s = org_->AuthenticateBridge(ctx.get(), req, &resp);
  if (!s.ok()) return rpc::FromPeerStatus(s, "org");
  return resp;
}

absl::StatusOr<std::shared_ptr<BridgeSession>> BridgeHub::Open(
    const v1::BridgeHello& hello, SessionLink* link) {
  if (hello.bridge_credential().empty()) {
    return absl::UnauthenticatedError("hello.bridge_credential is required");
  }
  auto who = Authenticate(hello.bridge_credential());
  if (!who.ok()) return who.status();
  auto session = std::make_shared<BridgeSession>(
      who->organisation_id(), who->bridge_id(), hello.bridge_credential(),
      std::vector<std::string>(who->lock_ids().begin(), who->lock_ids().end()),
      link);
  const absl::Time now = clock_.Now();
  auto stamp = presence_.NewStamp();
  if (!stamp.ok()) Warn("no presence stamp from Redis; the oldest stands in", stamp.status(), who->bridge_id());
  session->set_presence_stamp(stamp.ok() ? *stamp : presence_.replica() + "|0");
  session->set_last_authenticated(now);
  session->set_last_published(now);
  Register(session);
  v1::BridgeSessionResponse welcome;
  welcome.mutable_welcome()->set_bridge_id(who->bridge_id());
  *welcome.mutable_welcome()->mutable_lock_ids() = who->lock_ids();
  session->Push(std::move(welcome));
  // Redis down: the session still works here; routing waits for the sweep.
  if (auto s = presence_.Announce(session->organisation_id(), session->bridge_id(),
                                  session->lock_ids(), session->presence_stamp(), now);
      !s.ok()) {
    Warn("bridge presence not announced", s.status(), session->bridge_id());
  }
  PublishPresence(session->organisation_id(), session->bridge_id(), true, now);
  // A Bridge that (re)connects gets every job still pending for its locks.
  absl::flat_hash_map<std::string, BridgeSession*> routes;
  for (const auto& lock_id : session->lock_ids()) routes.emplace(lock_id, session.get());
  if (!routes.empty()) DeliverAll(routes);
  return session;
}

void BridgeHub::Register(const std::shared_ptr<BridgeSession>& session) {
  std::shared_ptr<BridgeSession> replaced;
  {
    absl::MutexLock l(&mu_);
    auto& slot = by_bridge_[session->bridge_id()];
    replaced = std::move(slot);
    slot = session;
    absl::erase_if(by_lock_, [&](const auto& route) {
      return route.second == session || route.second == replaced;
    });
    for (const auto& lock_id : session->lock_ids()) by_lock_[lock_id] = session;
  }
  // A Bridge has one session: an older one here (a link that died without
  // the stream noticing) gives way.
  if (replaced && replaced != session) {
    replaced->Close(absl::AbortedError("a newer session of this Bridge took over"));
  }
}

void BridgeHub::Close(const std::shared_ptr<BridgeSession>& session) {
  session->End();
  std::vector<std::shared_ptr<BridgeSession>> also_serving;  // a lock may have two Bridges
  {
    absl::MutexLock l(&mu_);
    auto it = by_bridge_.find(session->bridge_id());
    if (it == by_bridge_.end() || it->second != session) return;  // replaced already
    by_bridge_.erase(it);
    for (const auto& lock_id : session->lock_ids()) {
      auto lit = by_lock_.find(lock_id);
      if (lit != by_lock_.end() && lit->second == session) by_lock_.erase(lit);
    }
    for (const auto& [id, other] : by_bridge_) {
      bool shares = false;
      for (const auto& lock_id : other->lock_ids()) {
        if (!session->Serves(lock_id)) continue;
        by_lock_[lock_id] = other;  // every lock they share
        shares = true;
      }
      if (shares) also_serving.push_back(other);
    }
  }
  auto offline = presence_.Withdraw(session->organisation_id(), session->bridge_id(),
                                    session->lock_ids(), session->presence_stamp());
  // The locks another Bridge here still serves are routed to it again at once.
  for (const auto& other : also_serving) {
    (void)presence_.Announce(other->organisation_id(), other->bridge_id(), other->lock_ids(),
                             other->presence_stamp(), clock_.Now());
  }
  if (!offline.ok()) {
    // Its presence lapses after the TTL, and the sweep reports it then.
    Warn("bridge presence not withdrawn", offline.status(), session->bridge_id());
    return;
  }
  if (*offline) PublishPresence(session->organisation_id(), session->bridge_id(), false, clock_.Now());
}

void BridgeHub::Receive(BridgeSession& session, const v1::BridgeSessionRequest& message) {
  // A Bridge may be wrong or lying: what is not a whole, valid message is
  // said in the log and goes no further.
  if (auto s = ValidateBridgeMessage(message, clock_.Now()); !s.ok()) {
    Warn("bridge message refused", s, session.bridge_id());
    return;
  }
  switch (message.message_case()) {
    case v1::BridgeSessionRequest::kResult:
      ReportResult(session, message.result());
      break;
    case v1::BridgeSessionRequest::kReport: {
      if (!session.Serves(message.report().lock_id())) {
        Warn("bridge reported a lock it does not serve", absl::NotFoundError(message.report().lock_id()),
             session.bridge_id());
        break;
      }
      if (auto s = gateway_.RecordLockReport(session.organisation_id(), message.report()); !s.ok()) {
        Warn("bridge report not recorded", s, session.bridge_id());
      }
      break;
    }
    default:  // ping, or a second hello: the session is alive, nothing more
      break;
  }
}

void BridgeHub::ReportResult(BridgeSession& session, const v1::BridgeJobResult& result) {
  if (!session.Serves(result.lock_id())) {
    Warn("bridge answered for a lock it does not serve", absl::NotFoundError(result.lock_id()),
         session.bridge_id());
    return;
  }
  if (!TellJobs(session.bridge_id(), result, &session)) KeepUnreported(session.bridge_id(), result);
}

bool BridgeHub::TellJobs(const std::string& bridge_id, const v1::BridgeJobResult& result,
                         BridgeSession* session) {
  const std::string& job_id = result.result().job_id();
  jv1::ReportJobResultRequest report;
  report.set_job_id(job_id);
  report.set_outcome(result.result().outcome());
  report.set_reason(result.result().reason());
  report.set_lock_id(result.lock_id());
  report.set_signature(result.result().signature());  // S6: jobs checks it
  report.set_bridge_id(bridge_id);
  jv1::ReportJobResultResponse reported;
  auto ctx = rpc::MakeContext(absl::Seconds(5), options_.service_credential);
  grpc::Status s = jobs_->ReportJobResult(ctx.get(), report, &reported);
  if (s.ok() && result.result().outcome() == jv1::JOB_OUTCOME_NOT_REACHED) {
    if (session != nullptr) session->NotReached(job_id);  // J2: still pending
    return true;
  }
  if (ReportSettled(s)) {  // that version is not sent again
    const absl::Time version =
        s.ok() ? rpc::FromTimestamp(reported.job().update_time()) : clock_.Now();
    if (session != nullptr) session->Answered(job_id, version, clock_.Now());
    return true;
  }
  Warn("job result not reported yet; the sweep tries again", rpc::FromPeerStatus(s, "jobs"), bridge_id);
  return false;
}

void BridgeHub::KeepUnreported(const std::string& bridge_id, v1::BridgeJobResult result) {
  constexpr size_t kMostKept = 1000;  // per Bridge: its locks answer far fewer between sweeps
  absl::MutexLock l(&unreported_mu_);
  auto& kept = unreported_[bridge_id];
  if (kept.size() >= kMostKept) {
    Warn("job result dropped: too many waiting for jobs", absl::ResourceExhaustedError(result.result().job_id()),
         bridge_id);
    return;
  }
  kept.push_back(std::move(result));
}

void BridgeHub::RetryUnreported() {
  absl::flat_hash_map<std::string, std::vector<v1::BridgeJobResult>> taken;
  {
    absl::MutexLock l(&unreported_mu_);
    taken.swap(unreported_);
  }
  bool reachable = true;
  for (auto& [bridge_id, results] : taken) {
    std::shared_ptr<BridgeSession> session;  // the Bridge's session now, if any
    {
      absl::MutexLock l(&mu_);
      if (auto it = by_bridge_.find(bridge_id); it != by_bridge_.end()) session = it->second;
    }
    for (auto& result : results) {
      if (reachable && TellJobs(bridge_id, result, session.get())) continue;
      reachable = false;  // jobs is still away: one wait per sweep, the rest next time
      KeepUnreported(bridge_id, std::move(result));
    }
  }
}

size_t BridgeHub::unreported_results() const {
  absl::MutexLock l(&unreported_mu_);
  size_t n = 0;
  for (const auto& [id, results] : unreported_) n += results.size();
  return n;
}

void BridgeHub::Deliver(const std::string& lock_id) {
  std::shared_ptr<BridgeSession> session;
  {
    absl::MutexLock l(&mu_);
    auto it = by_lock_.find(lock_id);
    if (it == by_lock_.end()) return;
    session = it->second;
  }
  DeliverTo(*session, lock_id);
}

void BridgeHub::DeliverTo(BridgeSession& session, const std::string& lock_id) {
  DeliverAll({{lock_id, &session}});
}

void BridgeHub::DeliverAll(const absl::flat_hash_map<std::string, BridgeSession*>& routes) {
  // One query for up to 1,000 locks: a sweep of many Bridges costs jobs a
  // few queries, not one per lock.
  std::vector<std::string> lock_ids;
  for (const auto& [lock_id, session] : routes) lock_ids.push_back(lock_id);
  for (size_t from = 0; from < lock_ids.size(); from += 1000) {
    jv1::ClaimJobsRequest claim;
    if (lock_ids.size() == 1) {
      claim.set_lock_id(lock_ids[0]);
    } else {
      for (size_t k = from; k < lock_ids.size() && k < from + 1000; ++k) claim.add_lock_ids(lock_ids[k]);
      claim.set_max_jobs(1000);
    }
    claim.set_channel(jv1::JOB_CHANNEL_BRIDGE);
    jv1::ClaimJobsResponse claimed;
    auto ctx = rpc::MakeContext(absl::Seconds(5), options_.service_credential);
    if (grpc::Status s = jobs_->ClaimJobs(ctx.get(), claim, &claimed); !s.ok()) {
      Warn("pending jobs not fetched; the sweep tries again", rpc::FromPeerStatus(s, "jobs"),
           routes.begin()->second->bridge_id());
      continue;
    }
    const absl::Time now = clock_.Now();
    for (const auto& c : claimed.jobs()) {
      auto route = routes.find(c.job().lock_id());
      if (route == routes.end()) continue;
      v1::BridgeSessionResponse down;
      down.mutable_job()->set_lock_id(c.job().lock_id());
      *down.mutable_job()->mutable_job() = DeviceJobOf(c);
      route->second->SendIfDue(c.job().id(), rpc::FromTimestamp(c.job().update_time()), now,
                               options_.resend_after, std::move(down));
    }
  }
}

bool BridgeHub::IsCurrent(const std::shared_ptr<BridgeSession>& session) const {
  absl::MutexLock l(&mu_);
  auto it = by_bridge_.find(session->bridge_id());
  return it != by_bridge_.end() && it->second == session && !session->closed();
}

void BridgeHub::Renew(const std::shared_ptr<BridgeSession>& session, absl::Time now) {
  if (!IsCurrent(session)) return;  // closed meanwhile: announce nothing for it
  auto announced = presence_.Announce(session->organisation_id(), session->bridge_id(),
                                      session->lock_ids(), session->presence_stamp(), now);
  if (!announced.ok()) {
    Warn("bridge presence not renewed", announced.status(), session->bridge_id());
    return;
  }
  if (!announced->held) {
    // The Bridge reconnected since: this link is dead.
    session->Close(absl::AbortedError("a newer session of this Bridge took over"));
    return;
  }
  if (!IsCurrent(session)) {
    // Its stream ended while we announced: take back what we wrote, so
    // that no command is accepted for a Bridge that is gone (L6).
    (void)presence_.Withdraw(session->organisation_id(), session->bridge_id(), session->lock_ids(),
                             session->presence_stamp());
    return;
  }
  if (announced->newly_seen || now - session->last_published() >= options_.publish_seen_every) {
    session->set_last_published(now);
    PublishPresence(session->organisation_id(), session->bridge_id(), true, now);
  }
}

void BridgeHub::Reauthenticate(const std::shared_ptr<BridgeSession>& session, absl::Time now) {
  if (now - session->last_authenticated() < options_.reauthenticate_every) return;
  auto who = Authenticate(session->credential());
  if (who.ok()) {
    session->set_last_authenticated(now);
    std::vector<std::string> locks(who->lock_ids().begin(), who->lock_ids().end());
    if (locks != session->lock_ids()) {
      session->SetLocks(locks);
      if (IsCurrent(session)) {
        Register(session);  // the routes follow org's links
        (void)presence_.Announce(session->organisation_id(), session->bridge_id(), locks,
                                 session->presence_stamp(), now);
      }
    }
  } else if (who.status().code() == absl::StatusCode::kUnauthenticated) {
    // The Bridge was removed from its organisation.
    session->Close(absl::UnauthenticatedError("this Bridge's credential is no longer valid"));
  }
}

void BridgeHub::Sweep() {
  std::vector<std::shared_ptr<BridgeSession>> sessions;
  {
    absl::MutexLock l(&mu_);
    for (const auto& [id, s] : by_bridge_) sessions.push_back(s);
  }
  // Presence first, for every session, so that a slow org or jobs never lets
  // it lapse; then org is asked again about the sessions due.
  for (const auto& session : sessions) Renew(session, clock_.Now());
  for (const auto& session : sessions) Reauthenticate(session, clock_.Now());
  RetryUnreported();
  absl::flat_hash_map<std::string, BridgeSession*> routes;
  for (const auto& session : sessions) {
    if (session->closed()) continue;
    session->ForgetSentBefore(clock_.Now() - absl::Minutes(10));
    for (const auto& lock_id : session->lock_ids()) routes.emplace(lock_id, session.get());
  }
  if (!routes.empty()) DeliverAll(routes);  // `sessions` keeps them alive meanwhile
  // Bridges whose replica went away without a goodbye.
  auto lapsed = presence_.TakeLapsed(clock_.Now());
  if (!lapsed.ok()) return;
  for (const auto& b : *lapsed) PublishPresence(b.organisation_id, b.bridge_id, false, b.last_seen);
}

size_t BridgeHub::open_sessions() const {
  absl::MutexLock l(&mu_);
  return by_bridge_.size();
}

void BridgeHub::PublishPresence(const std::string& organisation_id, const std::string& bridge_id,
                                bool online, absl::Time last_seen) {
  v1::BridgePresence presence;
  presence.set_organisation_id(organisation_id);
  presence.set_bridge_id(bridge_id);
  presence.set_online(online);
  *presence.mutable_last_seen_time() = rpc::ToTimestamp(last_seen);
  auto s = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    events::PublishMessage(tx, options_.events_stream, organisation_id, presence);
    return absl::OkStatus();
  });
  if (!s.ok()) Warn("bridge presence not published", s, bridge_id);
}

}  // namespace keyway::gateway
