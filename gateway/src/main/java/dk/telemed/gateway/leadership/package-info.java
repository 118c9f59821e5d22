/**
 * Which of several gateways is the active one: elected by a ZooKeeper ensemble, held only while
 * the ensemble keeps this member's session, and fenced by a token that grows with every new
 * leader. Everything that acts on the world (acknowledging readings, raising alerts, delivering
 * webhooks) is started by {@link dk.telemed.gateway.leadership.Leadership.Listener#becameActive}
 * and stopped by {@link dk.telemed.gateway.leadership.Leadership.Listener#stoppedBeingActive}, and
 * checks {@link dk.telemed.gateway.leadership.Leadership#isActive()} right before each act.
 *
 * <p>Depends on config only; nothing else in the gateway is known here.
 */
package dk.telemed.gateway.leadership;
