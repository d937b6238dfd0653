/** The one rule for text from callers (no control characters, no lone surrogates, length in code points), applied to every request body, query and path. */
package com.staffchat.support.validation;
