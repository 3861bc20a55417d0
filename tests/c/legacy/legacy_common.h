/*
 * SPDX-License-Identifier: MIT
 *
 * Helpers shared by the legacy scenarios: the test image and signature the
 * harness (tests/legacy.rs) writes into the working directory, job
 * documents with a file path of our choosing, file helpers and the AliOS
 * adapter's record storage. Uses the v3 headers (through fakes.h).
 */

#ifndef LEGACY_COMMON_H
#define LEGACY_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fakes.h"

/* Reads a whole file (malloc'd, NUL added after the data); NULL if missing. */
uint8_t * lc_read_file( const char * path,
                        uint32_t * pSize );
bool lc_write_file( const char * path,
                    const void * data,
                    uint32_t size );
bool lc_file_exists( const char * path );

/* The image and its base64 DER ECDSA P-256 signature (written by the harness:
 * <name>.bin and <name>.sig.b64, name = "image" or "other"). Exits on error. */
typedef struct
{
    uint8_t * data;
    uint32_t size;
    char sig[ 256 ];
} LcImage_t;

void lc_load_image( const char * name,
                    LcImage_t * pImage );

/* A job execution (for fake_cloud_set_next_job) that streams one file. */
int lc_job_mqtt( char * out,
                 size_t cap,
                 const char * jobId,
                 const char * stream,
                 const char * filePath,
                 const char * certPath,
                 uint32_t fileSize,
                 const char * sigB64,
                 const char * statusDetails );

/* The number of blocks of a file. */
uint32_t lc_blocks( uint32_t size );

/* Loads/saves the AliOS adapter's record as the file "ota_agent_bp.bin". */
int lc_load_state( void * pData,
                   uint32_t length );
int lc_save_state( const void * pData,
                   uint32_t length );
extern int lc_state_saves;

/* One phase of a scenario program, named on its command line. */
typedef struct
{
    const char * name;
    void ( * run )( void );
} LcPhase_t;

/* The body of a scenario's main: sets the fakes up for `scenario`, runs the
 * phase argv[1] names (the first of `phases` when there is no argument; an
 * unknown name fails the check) and returns the fakes' verdict. */
int lc_run_phase( int argc,
                  char ** argv,
                  const char * scenario,
                  const LcPhase_t * phases,
                  size_t count );

/* Exits the process at once (no cleanup, as a power cut would). */
void lc_power_cut( int code );

#endif /* LEGACY_COMMON_H */
