/** Start-up checks on a service's configuration: outside the local run, no shipped default secret and no weak JWT secret. */
package com.staffchat.support.config;
