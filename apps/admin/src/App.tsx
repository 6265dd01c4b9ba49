/**
 * The shell: providers, sign-in, the header with the global time control, the navigation and the
 * lazily loaded pages.
 */
import { Suspense, lazy } from 'react';
import { Route, Router, Switch } from 'wouter';
import { ApiProvider } from './api/client';
import { SessionProvider, useSession } from './auth/session';
import { SignIn } from './auth/SignIn';
import { I18nProvider, useI18n } from './i18n';
import { Header } from './components/Header';
import { Nav } from './components/Nav';
import { TimeBanner, TimeControl } from './components/TimeControl';
import { Loading, PageError } from './components/ui';
import { ErrorBoundary } from './components/ErrorBoundary';

const Overview = lazy(() => import('./pages/Overview'));
const Divisions = lazy(() => import('./pages/Divisions'));
const DivisionPage = lazy(() => import('./pages/DivisionPage'));
const RecordChange = lazy(() => import('./pages/RecordChange'));
const EventLog = lazy(() => import('./pages/EventLog'));
const Access = lazy(() => import('./pages/Access'));
const Plugins = lazy(() => import('./pages/Plugins'));
const Personnel = lazy(() => import('./pages/personnel'));
const Services = lazy(() => import('./pages/Services'));
const Institutions = lazy(() => import('./pages/Institutions'));
const Reform = lazy(() => import('./pages/Reform'));
const Grassroots = lazy(() => import('./pages/Grassroots'));
const Chronicle = lazy(() => import('./pages/Chronicle'));
const ZonesPage = lazy(() => import('./pages/grassroots/ZonesPage'));
const PartyPage = lazy(() => import('./pages/grassroots/PartyPage'));
const PowersPage = lazy(() => import('./pages/grassroots/PowersPage'));
const CadresPage = lazy(() => import('./pages/grassroots/CadresPage'));

function Pages() {
  const session = useSession();
  const { t } = useI18n();
  const adminOnly = (page: React.ReactNode) =>
    session.isAdmin ? page : <PageError message={t('error.adminOnly')} />;
  const readable = (module: string, page: React.ReactNode) =>
    session.can(`${module}:read`) ? (
      page
    ) : (
      <PageError message={t('error.noScope', { scope: `${module}:read` })} />
    );
  return (
    <Switch>
      <Route path="/">
        <Overview />
      </Route>
      <Route path="/divisions">
        <Divisions />
      </Route>
      <Route path="/divisions/:id">{(params) => <DivisionPage id={decodeURIComponent(params.id)} />}</Route>
      <Route path="/record">
        <RecordChange />
      </Route>
      <Route path="/events">{adminOnly(<EventLog />)}</Route>
      <Route path="/access">{adminOnly(<Access />)}</Route>
      <Route path="/personnel">
        <Personnel />
      </Route>
      <Route path="/services">
        <Services />
      </Route>
      <Route path="/institutions">
        <Institutions />
      </Route>
      <Route path="/chronicle">
        <Chronicle />
      </Route>
      <Route path="/reform">
        <Reform />
      </Route>
      <Route path="/grassroots">
        <Grassroots />
      </Route>
      <Route path="/grassroots/zones">{readable('zones', <ZonesPage />)}</Route>
      <Route path="/grassroots/party">{readable('party', <PartyPage />)}</Route>
      <Route path="/grassroots/powers">{readable('powers', <PowersPage />)}</Route>
      <Route path="/grassroots/cadres">{readable('cadres', <CadresPage />)}</Route>
      <Route path="/plugins">
        <Plugins />
      </Route>
      <Route path="/plugins/:name">{(params) => <Plugins name={params.name} />}</Route>
      <Route path="/plugins/:name/:page">
        {(params) => <Plugins name={params.name} page={params.page} />}
      </Route>
      <Route>
        <PageError message={t('error.notFound')} />
      </Route>
    </Switch>
  );
}

function Shell() {
  const session = useSession();
  if (session.token === null) return <SignIn />;
  if (session.checking) return <Loading />;
  if (session.who === null) return <SignIn expired />;
  return (
    <div className="shell">
      <Header />
      <TimeControl />
      <TimeBanner />
      <div className="body">
        <Nav />
        <main className="content">
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <Pages />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

export function App() {
  return (
    <I18nProvider>
      <ApiProvider>
        <Router>
          <SessionProvider>
            <Shell />
          </SessionProvider>
        </Router>
      </ApiProvider>
    </I18nProvider>
  );
}
