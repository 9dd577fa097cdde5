#include "layan/web/web.h"

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

}  // namespace

void RegisterRoutes(http::Router& router) {
    std::vector<core::EmbeddedFile> embedded(Assets().begin(), Assets().end());
    embedded.insert(embedded.end(), VendorAssets().begin(), VendorAssets().end());
    auto files = std::make_shared<const http::StaticFiles>(embedded);

    router.Add("GET", "/", kPublic, ServeFile(files, "pages/index.html"));
    router.Add("GET", "/halls/{hall}/kiosk", kPublic, ServeFile(files, "pages/kiosk.html"));
    router.Add("GET", "/halls/{hall}/board", kPublic, ServeFile(files, "pages/board.html"));
    router.Add("GET", "/halls/{hall}/console", kPublic, ServeFile(files, "pages/console.html"));
    router.Add("GET", "/t/{hall}/{ticket}", kPublic, ServeFile(files, "pages/status.html"));
    router.Add("GET", "/halls/{hall}/twin", kPublic, ServeFile(files, "pages/twin.html"));

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
