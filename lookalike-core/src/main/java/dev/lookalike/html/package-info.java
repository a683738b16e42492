/** Helpers for the HTML pages Lookalike generates (no templates, no scripts from elsewhere). */
package dev.lookalike.html;
