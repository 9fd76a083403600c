/**
 * What Node prints on stderr when started with --inspect and when a session comes and goes. The
 * benchmark causes these itself (inspector-probe.ts), so they are not worth anyone's attention.
 */
export const INSPECTOR_BANNER =
  /^(Debugger (listening on|attached\.|ending on)|For help, see: https:\/\/nodejs\.org\/)/;
