/** The dashboard session cookie: HttpOnly, SameSite=Lax, Secure behind https, scoped to /dashboard. */
export const SESSION_COOKIE = 'loyalbot_dashboard';
const SESSION_SECONDS = 8 * 3600;

export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

export function sessionCookie(id: string, secure: boolean): string {
  return [`${SESSION_COOKIE}=${id}`, 'Path=/dashboard', 'HttpOnly', 'SameSite=Lax', `Max-Age=${SESSION_SECONDS}`]
    .concat(secure ? ['Secure'] : [])
    .join('; ');
}

export function clearedCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/dashboard', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
    .concat(secure ? ['Secure'] : [])
    .join('; ');
}
