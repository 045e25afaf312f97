// Who does things. Until sign-in exists every web form and token acts as the built-in
// administrator; every service call still takes an explicit actor so accounts plug in later.

export interface Actor {
  id: string;
  name: string;
  role: string;
}

export const SYSTEM_ACCOUNT: Actor = { id: 'acc_administrator', name: 'Administrator', role: 'admin' };

export type TokenScope = 'read' | 'write';
