#pragma once
// The Bridge sessions this replica holds (L7): each authenticated with org,
// announced in Redis, handed its locks' pending jobs when it opens, when a
// doorbell rings for one of its locks, and by a periodic sweep that also
// renews presence and resends what went unanswered. Results go to jobs,
// reports to the activity log; presence changes go to org as events.

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "bridge_session.h"
#include "gateway.h"
#include "keyway/core/clock.h"
#include "keyway/jobs/v1/jobs_service.grpc.pb.h"
#include "keyway/org/v1/org_service.grpc.pb.h"
#include "keyway/pg/pool.h"
#include "presence.h"

namespace keyway::gateway {

struct BridgeHubOptions {
  std::string service_credential;  // the gateway's own, presented to org and jobs
  std::string events_stream;  // BridgePresence for org
  // A job sent and not answered for this long is sent again.
  absl::Duration resend_after = absl::Seconds(10);
  // How often org is asked again which locks a Bridge serves.
  absl::Duration reauthenticate_every = absl::Minutes(1);
  // How often an online Bridge's last-seen time is published to org.
  absl::Duration publish_seen_every = absl::Minutes(5);
};

class BridgeHub {
 public:
  BridgeHub(pg::Pool& pool, Presence& presence, Gateway& gateway,
            std::shared_ptr<grpc::Channel> org, std::shared_ptr<grpc::Channel> jobs,
            const core::Clock& clock, BridgeHubOptions options);

  // A Bridge said hello on `link`: UNAUTHENTICATED for a credential org does
  // not know. Blocks (org, Redis, jobs): call it off gRPC's callback threads.
  absl::StatusOr<std::shared_ptr<BridgeSession>> Open(const v1::BridgeHello& hello,
                                                      SessionLink* link);
  // What the Bridge sent after hello.
  void Receive(BridgeSession& session, const v1::BridgeSessionRequest& message);
  // The session's stream ended (its handler returns next).
  void Close(const std::shared_ptr<BridgeSession>& session);
  // A doorbell rang for the lock: its Bridge, if here, gets the lock's pending jobs.
  void Deliver(const std::string& lock_id);
  // Renews presence, resends, asks org again, and reports lapsed Bridges offline.
  void Sweep();
  size_t open_sessions() const;
  // Answers of Bridges that jobs could not take yet, waiting for the sweep.
  size_t unreported_results() const;

 private:
  absl::StatusOr<org::v1::AuthenticateBridgeResponse> Authenticate(const std::string& credential);
  void DeliverTo(BridgeSession& session, const std::string& lock_id);
  // The pending Bridge jobs of every lock in `routes`, each to its session.
  void DeliverAll(const absl::flat_hash_map<std::string, BridgeSession*>& routes);
  void Register(const std::shared_ptr<BridgeSession>& session);
  // Still this replica's session of its Bridge, and open.
  bool IsCurrent(const std::shared_ptr<BridgeSession>& session) const;
  // Renews presence, tells org it is online when it had lapsed or now and then.
  void Renew(const std::shared_ptr<BridgeSession>& session, absl::Time now);
  // Asks org again, when due, which locks the Bridge serves (or whether it is still its).
  void Reauthenticate(const std::shared_ptr<BridgeSession>& session, absl::Time now);
  void PublishPresence(const std::string& organisation_id, const std::string& bridge_id,
                       bool online, absl::Time last_seen);
  void ReportResult(BridgeSession& session, const v1::BridgeJobResult& result);
  // Tells jobs what a lock did; false when jobs could not be reached. The
  // session, when given, learns whether to send the job again.
  bool TellJobs(const std::string& bridge_id, const v1::BridgeJobResult& result, BridgeSession* session);
  // An answer jobs could not take: reported again by the sweep, whichever
  // session of its Bridge is open then. A job deleted while on its way is
  // never sent again, so its answer is kept, not asked for twice (K3, A13).
  void KeepUnreported(const std::string& bridge_id, v1::BridgeJobResult result);
  void RetryUnreported();

  pg::Pool& pool_;
  Presence& presence_;
  Gateway& gateway_;
  std::unique_ptr<org::v1::OrgInternalService::Stub> org_;
  std::unique_ptr<keyway::jobs::v1::JobsInternalService::Stub> jobs_;
  const core::Clock& clock_;
  const BridgeHubOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<BridgeSession>> by_bridge_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<BridgeSession>> by_lock_ ABSL_GUARDED_BY(mu_);
  mutable absl::Mutex unreported_mu_;
  absl::flat_hash_map<std::string, std::vector<v1::BridgeJobResult>> unreported_ ABSL_GUARDED_BY(unreported_mu_);
};

}  // namespace keyway::gateway
