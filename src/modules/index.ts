// Every module, in dependency order (a module after those it builds on). The composition root
// registers what each declares; the Database type, the register's export, the event catalog and
// the navigation are all read from this list.
import { accountsModule } from './accounts/index.js';
import { changesModule } from './changes/index.js';
import { committeesModule } from './committees/index.js';
import { consultationsModule } from './consultations/index.js';
import { dashboardModule } from './dashboard/index.js';
import { deadlinesModule } from './deadlines/index.js';
import { directoryModule } from './directory/index.js';
import { documentsModule } from './documents/index.js';
import { feedsModule } from './feeds/index.js';
import { homeModule } from './home/index.js';
import { mailModule } from './mail/index.js';
import { notificationsModule } from './notifications/index.js';
import { papersModule } from './papers/index.js';
import { proposalsModule } from './proposals/index.js';
import { releasesModule } from './releases/index.js';
import { searchModule } from './search/index.js';
import { submissionsModule } from './submissions/index.js';
import { votesModule } from './votes/index.js';
import { webhooksModule } from './webhooks/index.js';

export const MODULES = [
  directoryModule, mailModule, accountsModule, proposalsModule, documentsModule, committeesModule, papersModule, submissionsModule,
  consultationsModule, votesModule, releasesModule, deadlinesModule, dashboardModule, feedsModule, searchModule, notificationsModule, webhooksModule, changesModule,
  homeModule,
] as const;
