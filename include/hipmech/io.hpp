/// \file
/// The io area: the Trial value and its readers and writers (C3D, TRC, MOT/STO, keypoint CSV),
/// marker maps for other labs' marker sets.
#pragma once

#include "hipmech/io/c3d.hpp"
#include "hipmech/io/cancellation.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/keypoints.hpp"
#include "hipmech/io/marker_map.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/io/opensim.hpp"
#include "hipmech/io/parameters.hpp"
#include "hipmech/io/subject_parameters.hpp"
#include "hipmech/io/trial.hpp"
