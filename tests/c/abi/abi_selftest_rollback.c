/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the platform reports PendingCommit (a new image is on trial) but the
 * job that comes back is not in self test (no statusDetails.self_test): the image
 * on trial is not the one this job made. The agent must not start another download
 * on top of it; it resets the device through the PAL so the bootloader rolls back.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 2 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define JOB_ID    "job-not-selftest"

static uint8_t image[ 3000 ];

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t pal0;

    fake_setup( "selftest_rollback" );

    fake_make_bytes( image, sizeof( image ), 21U );
    fake_cloud_add_stream( "stream-rb", 0U, image, sizeof( image ) );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-rb", sizeof( image ), 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );
    fake_pal.platformState = OtaPalImageStatePendingCommit;

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    CHECK( fake_pal_count_op( pal0, PAL_RESET ) >= 1U, "pal.reset was not called for a normal job while PendingCommit" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_WRITE ), "blocks written while an image is on trial" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_CLOSE ), "closeFile calls" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_ACTIVATE ), "pal.activate calls" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventStartTest ), "StartTest callbacks" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
