/**
 * A fleet of realtime nodes sharing channels through Redis: membership and presence rosters in
 * shared state changed only by atomic scripts, delivery across nodes on a pub/sub bus, node leases
 * with crash reaping, and the durable stream of channel events that webhooks and Kafka read.
 */
package com.staffchat.realtime.fleet;
