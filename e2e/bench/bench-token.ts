import { SignJWT } from 'jose';

/** Long enough that no token expires (close 4005) during a run. */
const TOKEN_TTL_SECONDS = 3600;

/** A dev-hs256 token for `userId` granting `rooms`, as the gateway's claim authorizer reads it. */
export async function mintToken(
  secret: Uint8Array,
  userId: string,
  rooms: readonly string[],
): Promise<string> {
  return new SignJWT({ rooms: [...rooms] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS)
    .sign(secret);
}
