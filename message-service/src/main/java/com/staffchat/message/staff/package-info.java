/** The hotel's staff directory: who can be added to conversations. */
package com.staffchat.message.staff;
