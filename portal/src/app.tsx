// The portal: browse and search the catalogue, read full guides, apply online and follow one's cases, in
// Chinese or English (and the languages a jurisdiction adds), and the staff's workbench. Routes are the paths
// of portal/pages.ts, which the API does not use. The same component renders in the browser (main.tsx) and,
// for the pages that carry their data, in the pages function (server.tsx).
import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, lazy, Route, Router } from 'preact-iso';
import { releaseCarried } from './api.ts';
import { initialLanguage, type Language, LanguageContext, loadLanguage, rememberLanguage } from './i18n.ts';
import { Layout } from './layout.tsx';
import { CheckPage } from './pages/check.tsx';
import { DepartmentPage, DepartmentsPage } from './pages/departments.tsx';
import { FindPage } from './pages/find.tsx';
import { GuidePage } from './pages/guide.tsx';
import { HomePage } from './pages/home.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { MyCasesPage, SignedInPage } from './pages/my-cases.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OneThingPage } from './pages/one-thing.tsx';
import { RatingsPage } from './pages/ratings.tsx';
import { TopicPage } from './pages/topic.tsx';
import { TrackPage } from './pages/track.tsx';
import { VisitRatingPage } from './pages/visit-rating.tsx';
import { WalletPage } from './pages/wallet.tsx';

// The staff's workbench is its own chunk, loaded only when someone opens /work.
const Workbench = lazy(() => import('./staff/app.tsx'));
// Applying and following a case are for the signed-in: their code loads when they are opened.
const ApplyPage = lazy(() => import('./pages/apply.tsx').then((m) => m.ApplyPage));
const CasePage = lazy(() => import('./pages/case.tsx').then((m) => m.CasePage));
// 12345 诉求: filing and following tickets, loaded when opened.
const TicketsPage = lazy(() => import('./pages/tickets.tsx').then((m) => m.TicketsPage));
const TicketPage = lazy(() => import('./pages/ticket.tsx').then((m) => m.TicketPage));
// 预约: booking a slot or a home visit, and one's appointments, loaded when opened.
const BookPage = lazy(() => import('./pages/appointments.tsx').then((m) => m.BookPage));
const MyAppointmentsPage = lazy(() => import('./pages/appointments.tsx').then((m) => m.MyAppointmentsPage));

/** The portal; `drawnIn`: drawn on the server in that language (the browser starts from the remembered one). */
export const App = ({ drawnIn }: { drawnIn?: Language }) => {
  // Runs after every component's first effects: the data the page carried has served, and the page is live
  // (its script runs: <html data-live>).
  useEffect(() => {
    releaseCarried();
    document.documentElement.dataset.live = '';
  }, []);
  const [language, setLanguage] = useState<Language>(() => {
    if (drawnIn) return drawnIn;
    const initial = initialLanguage();
    rememberLanguage(initial);
    return initial;
  });
  // A language other than Chinese shows once its strings have arrived (its own small chunk).
  const choose = (next: Language) =>
    void loadLanguage(next)
      .catch(() => undefined)
      .then(() => {
        rememberLanguage(next);
        setLanguage(next);
      });
  return (
    <LanguageContext.Provider value={{ language, setLanguage: choose }}>
      <LocationProvider>
        <Layout>
          <Router>
            <Route path="/" component={HomePage} />
            <Route path="/find" component={FindPage} />
            <Route path="/guide/:code" component={GuidePage} />
            <Route path="/topic/:id" component={TopicPage} />
            <Route path="/departments" component={DepartmentsPage} />
            <Route path="/department/:code" component={DepartmentPage} />
            <Route path="/one-thing/:code" component={OneThingPage} />
            <Route path="/track" component={TrackPage} />
            <Route path="/check" component={CheckPage} />
            <Route path="/signed-in" component={SignedInPage} />
            <Route path="/my-cases" component={MyCasesPage} />
            <Route path="/wallet" component={WalletPage} />
            <Route path="/inbox" component={InboxPage} />
            <Route path="/ratings" component={RatingsPage} />
            <Route path="/work" component={Workbench} />
            <Route path="/work/*" component={Workbench} />
            <Route path="/apply/:code" component={ApplyPage} />
            <Route path="/case/:caseNumber" component={CasePage} />
            <Route path="/requests" component={TicketsPage} />
            <Route path="/request/:ticketNumber" component={TicketPage} />
            <Route path="/rate/:visitId" component={VisitRatingPage} />
            <Route path="/book/:code" component={BookPage} />
            <Route path="/my-appointments" component={MyAppointmentsPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </Layout>
      </LocationProvider>
    </LanguageContext.Provider>
  );
};
