#include "layan/web/web.h"

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "layan/domain/access/access.h"
#include "layan/http/static_files.h"

namespace layan::web {
namespace {

// Pages are open to everyone: a page holds no data; what it shows comes from API routes that check the caller
// (the console sends an officer who has not signed in to the sign-in page).
const std::string kPublic(domain::access::permission::kPublic);

// Serves one embedded file under a fixed name; 404 JSON if the build forgot it.
http::Handler ServeFile(std::shared_ptr<const http::StaticFiles> files, std::string path) {
    return [files = std::move(files), path = std::move(path)](const http::Request& request,
                                                              const http::Responder& respond) {
        if (auto response = files->Serve(request, path)) {
            respond(*std::move(response));
            return;
        }
        respond(http::Response::Error(
            core::Error{core::ErrorKind::kNotFound, "not_found", "This page is not part of this build.", nullptr}));
    };
}

std::shared_ptr<const http::StaticFiles> LoadFiles(std::string_view web_dir) {
    std::vector<core::EmbeddedFile> embedded(VendorAssets().begin(), VendorAssets().end());
    if (web_dir.empty()) {
        embedded.insert(embedded.end(), Assets().begin(), Assets().end());
        return std::make_shared<const http::StaticFiles>(embedded);
    }
    static constexpr std::array<std::string_view, 2> kFolders = {"pages", "assets"};
    auto files = http::StaticFiles::FromFolder(std::filesystem::path(web_dir), kFolders);
    files.Add(embedded);
    return std::make_shared<const http::StaticFiles>(std::move(files));
}

}  // namespace

void RegisterRoutes(http::Router& router, std::string_view web_dir) {
    auto files = LoadFiles(web_dir);

    router.Add("GET", "/", kPublic, ServeFile(files, "pages/index.html"));
    router.Add("GET", "/halls/{hall}/kiosk", kPublic, ServeFile(files, "pages/kiosk.html"));
    router.Add("GET", "/halls/{hall}/board", kPublic, ServeFile(files, "pages/board.html"));
    router.Add("GET", "/halls/{hall}/console", kPublic, ServeFile(files, "pages/console.html"));
    router.Add("GET", "/t/{hall}/{ticket}", kPublic, ServeFile(files, "pages/status.html"));
    router.Add("GET", "/halls/{hall}/twin", kPublic, ServeFile(files, "pages/twin.html"));
    // The sign-in page: its script (assets/login.js) calls POST /api/v1/session and returns to ?next=.
    router.Add("GET", "/login", kPublic, ServeFile(files, "pages/login.html"));
    // The status page's service worker (assets/sw.js): it shows the "your turn" notification where a page may
    // not (Chrome on Android, a phone in a pocket). At the root so that its scope covers /t/.
    router.Add("GET", "/sw.js", kPublic, ServeFile(files, "assets/sw.js"));
    // The audit trail of the signed-in auditor's or admin's tenant (assets/audit.js).
    router.Add("GET", "/audit", kPublic, ServeFile(files, "pages/audit.html"));
    // The satisfaction survey of a ticket on the citizen's phone (?k= its key), and the counter's survey tablet.
    router.Add("GET", "/s/{hall}/{ticket}", kPublic, ServeFile(files, "pages/survey.html"));
    router.Add("GET", "/halls/{hall}/survey-tablet", kPublic, ServeFile(files, "pages/survey-tablet.html"));
    // The public performance dashboard of a government and what its figures mean (no login).
    router.Add("GET", "/kinerja/{tenant}", kPublic, ServeFile(files, "pages/dashboard.html"));
    router.Add("GET", "/kinerja/{tenant}/tentang", kPublic, ServeFile(files, "pages/dashboard-about.html"));
    // For supervisors: the printable satisfaction report (SKM) and the officers' figures.
    router.Add("GET", "/tenants/{tenant}/skm", kPublic, ServeFile(files, "pages/skm.html"));
    router.Add("GET", "/tenants/{tenant}/officers", kPublic, ServeFile(files, "pages/officers.html"));
    // For admins: the work calendar (weeks, closed and opened days, national years).
    router.Add("GET", "/tenants/{tenant}/kalender", kPublic, ServeFile(files, "pages/calendar.html"));
    // Service requests. For citizens, without an account: the catalog and a service's standard with its request
    // form, and following a request by its tracking code. For the unit: the work list by deadline (?unit= a
    // unit's backlog) and one request's file with its steps.
    router.Add("GET", "/layanan/{tenant}", kPublic, ServeFile(files, "pages/services.html"));
    router.Add("GET", "/layanan/{tenant}/{service}", kPublic, ServeFile(files, "pages/services.html"));
    router.Add("GET", "/lacak/{tenant}", kPublic, ServeFile(files, "pages/track.html"));
    router.Add("GET", "/lacak/{tenant}/{code}", kPublic, ServeFile(files, "pages/track.html"));
    router.Add("GET", "/tenants/{tenant}/permohonan", kPublic, ServeFile(files, "pages/worklist.html"));
    router.Add("GET", "/tenants/{tenant}/permohonan/{code}", kPublic, ServeFile(files, "pages/request-file.html"));
    // For admins and unit heads: the service standards, each change a new version by decree.
    router.Add("GET", "/tenants/{tenant}/standar", kPublic, ServeFile(files, "pages/standards.html"));

    router.Add(
        "GET", "/assets/{path...}", kPublic, [files](const http::Request& request, const http::Responder& respond) {
            const std::string path = "assets/" + std::string(request.PathParam("path"));
            if (auto response = files->Serve(request, path)) {
                respond(*std::move(response));
                return;
            }
            respond(http::Response::Error(
                core::Error{core::ErrorKind::kNotFound, "asset_not_found", "No such file: /" + path + ".", nullptr}));
        });
}

}  // namespace layan::web
