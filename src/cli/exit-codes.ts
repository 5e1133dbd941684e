// The CLI's exit codes. 3 is reserved for internal errors (bin/qseq.js), never for bad input.

export const EXIT_OK = 0;
/** The program has errors (diagnostics were printed). */
export const EXIT_DIAGNOSTICS = 1;
/** Bad options, unreadable files named on the command line. */
export const EXIT_USAGE = 2;
